// Start local venue simulators and print their URLs, for poking at them by hand:
//   npx tsx scripts/simulators.ts [--venues binance,bybit] [--seed 1] [--interval 100] [--port 9100]
// With --port, venues listen on consecutive ports from it; otherwise on free ports.
import { parseArgs } from 'node:util';
import { parseVenueId, type VenueId } from '../app/lib/venues';
import { closeSimulators, simulatedVenues, startSimulators } from '../app/.server/venues/sim/start-all';

const HINTS: Partial<Record<VenueId, (rest: string, ws: string) => string[]>> = {
  binance: (rest, ws) => [
    `${ws}/public/stream?streams=btcusdt@depth@100ms   (depth, bookTicker)`,
    `${ws}/market/stream?streams=!markPrice@arr@1s     (mark price, funding)`,
    `${rest}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`,
    `${rest}/fapi/v1/premiumIndex   ${rest}/fapi/v1/fundingInfo   ${rest}/fapi/v1/exchangeInfo`,
  ],
  bybit: (rest, ws) => [
    `${ws}/v5/public/linear   {"op":"subscribe","args":["orderbook.50.BTCUSDT"]}`,
    `${rest}/v5/market/tickers?category=linear   ${rest}/v5/market/instruments-info?category=linear`,
  ],
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      venues: { type: 'string', default: simulatedVenues().join(',') },
      seed: { type: 'string', default: '1' },
      interval: { type: 'string', default: '100' },
      port: { type: 'string' },
    },
  });
  const venues = values.venues.split(',').map((name) => {
    const id = parseVenueId(name);
    if (!id) throw new Error(`unknown venue "${name}"`);
    return id;
  });
  const basePort = values.port === undefined ? undefined : Number(values.port);
  const ports = Object.fromEntries(venues.map((v, i) => [v, basePort === undefined ? 0 : basePort + i]));
  const sims = await startSimulators(venues, {
    seed: Number(values.seed),
    updateIntervalMs: Number(values.interval),
    ports,
  });

  for (const [venue, sim] of sims) {
    console.log(
      `${venue.padEnd(8)} REST ${sim.restUrl}   WS ${sim.wsUrl}   symbols: ${sim.market.symbols().join(' ')}`,
    );
    for (const line of HINTS[venue]?.(sim.restUrl, sim.wsUrl) ?? []) console.log(`         ${line}`);
  }
  console.log('Ctrl-C to stop.');

  const stop = async () => {
    await closeSimulators(sims);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
