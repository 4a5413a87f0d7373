import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, VENUE_DEFAULT_URLS } from './config';

describe('loadConfig', () => {
  it('has working defaults for every setting', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', env: 'production', fundingRetentionDays: 90, demo: false });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.venues.binance).toEqual({ wsUrl: VENUE_DEFAULT_URLS.binance.ws, restUrl: VENUE_DEFAULT_URLS.binance.rest });
    expect(Object.keys(c.venues)).toHaveLength(7);
  });

  it('reads overrides, trims trailing slashes and treats empty strings as unset', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      BYBIT_WS_URL: 'ws://127.0.0.1:9000/',
      KUCOIN_REST_URL: 'http://127.0.0.1:9001',
      DATABASE_URL: '',
      MARKET_SYMBOLS: 'binance:BTCUSDT, bybit:ETHUSDT,,',
      DEMO: 'true',
    });
    expect(c.port).toBe(8080);
    expect(c.venues.bybit.wsUrl).toBe('ws://127.0.0.1:9000');
    expect(c.venues.kucoin.restUrl).toBe('http://127.0.0.1:9001');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.marketSymbols).toEqual([
      { venue: 'binance', symbol: 'BTCUSDT' },
      { venue: 'bybit', symbol: 'ETHUSDT' },
    ]);
    expect(c.demo).toBe(true);
  });

  it('names every bad variable at once', () => {
    let err: unknown;
    try {
      loadConfig({
        PORT: '70000',
        DATABASE_URL: 'mysql://x',
        HYPERLIQUID_REST_URL: 'wss://nope',
        FUNDING_RETENTION_DAYS: '0',
        MARKET_SYMBOLS: 'nasdaq:AAPL',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'HYPERLIQUID_REST_URL', 'FUNDING_RETENTION_DAYS', 'MARKET_SYMBOLS']) expect(problems).toContain(name);
  });
});
