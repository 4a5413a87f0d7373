// The trading terminal: both legs of a long/short pair side by side, live books and candles,
// the cross-venue spread and what a size would cost. Server-rendered from the loader (with the
// books this process already streams), then kept live over /ws.
import { Alert, Badge, Group, Stack, Text, Title } from '@mantine/core';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useMemo, useState } from 'react';
import {
  currentBook,
  parseLegParam,
  resolveLeg,
  sharedAssets,
  warmBook,
  type TerminalLeg,
} from '~/.server/market/terminal-data';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { isLive } from '~/components/market/book-state';
import { useStableDecimals } from '~/components/market/use-stable-decimals';
import type { ChartInterval } from '~/components/terminal/candles';
import { LegColumn } from '~/components/terminal/leg-column';
import { PairPicker } from '~/components/terminal/pair-picker';
import { SizeEstimator } from '~/components/terminal/size-estimator';
import { SpreadPanel } from '~/components/terminal/spread-panel';
import layout from '~/components/terminal/terminal-layout.module.css';
import { midPrice, toBaseLevels, type PairBooks } from '~/lib/book-math';
import { bookKey, useOrderBooks, type BookMessage, type BookTarget, type BookView } from '~/lib/use-market-socket';

const LEVELS = 20;
const DEFAULT_ASSET = 'BTC';
const ASSET_RE = /^[A-Z0-9]{1,20}$/;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const params = new URL(request.url).searchParams;
  const notices: string[] = [];
  let asset = (params.get('asset') ?? DEFAULT_ASSET).trim().toUpperCase();
  if (!ASSET_RE.test(asset)) {
    notices.push(`"${params.get('asset')}" is not an asset name; showing ${DEFAULT_ASSET}.`);
    asset = DEFAULT_ASSET;
  }
  const longParam = parseLegParam(params.get('long'), 'binance');
  const shortParam = parseLegParam(params.get('short'), 'bybit');
  for (const p of [longParam, shortParam]) if (p.error) notices.push(p.error);
  const market = services.market;
  if (!market) {
    return { available: false as const, asset, notices, demo: services.config.demo };
  }
  const [long, short] = await Promise.all([
    resolveLeg(market, longParam.venue, asset, longParam.symbol),
    resolveLeg(market, shortParam.venue, asset, shortParam.symbol),
  ]);
  if (longParam.symbol || shortParam.symbol) {
    // Explicit symbols name their own asset.
    asset = (longParam.symbol ? long : short).baseAsset;
  }
  if (!long.error && !short.error && long.baseAsset !== short.baseAsset) {
    notices.push(
      `The legs are different assets (${long.baseAsset} and ${short.baseAsset}): the spread is not a hedge.`,
    );
  }
  const initialBooks: NonNullable<ReturnType<typeof currentBook>>[] = [];
  for (const leg of [long, short]) {
    if (!leg.symbol || leg.error) continue;
    // A book this process already streams renders with the page; any other starts warming now.
    const book = currentBook(market, leg.venue, leg.symbol, LEVELS);
    if (book) initialBooks.push(book);
    else warmBook(market, leg.venue, leg.symbol);
  }
  return {
    available: true as const,
    asset,
    notices,
    demo: services.config.demo,
    long: { ...long, explicit: !!longParam.symbol },
    short: { ...short, explicit: !!shortParam.symbol },
    assets: await sharedAssets(market, [long.venue, short.venue]),
    initialBooks,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data?.available) return [{ title: 'Terminal · Funding Arb Terminal' }];
  return [{ title: `${data.asset} · ${data.long.venueName} / ${data.short.venueName} · Terminal` }];
};

export default function Terminal() {
  const data = useLoaderData<typeof loader>();
  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={2}>
          {data.available ? `${data.asset} · long ${data.long.venueName} / short ${data.short.venueName}` : 'Terminal'}
        </Title>
        {data.demo && <Badge variant="outline">demo: simulated venues</Badge>}
      </Group>
      {data.notices.map((n) => (
        <Alert key={n} color="yellow" variant="light">
          {n}
        </Alert>
      ))}
      {data.available ? (
        <PairView
          key={`${data.long.venue}:${data.long.symbol}|${data.short.venue}:${data.short.symbol}`}
          asset={data.asset}
          assets={data.assets}
          long={data.long}
          short={data.short}
          initialBooks={data.initialBooks}
        />
      ) : (
        <Alert color="red" variant="light" title="Market data is not running">
          This server was started without venue streams, so there are no books to show.
        </Alert>
      )}
    </Stack>
  );
}

type Leg = TerminalLeg & { explicit: boolean };

function PairView({
  asset,
  assets,
  long,
  short,
  initialBooks,
}: {
  asset: string;
  assets: string[];
  long: Leg;
  short: Leg;
  initialBooks: BookMessage[];
}) {
  const [interval, setChartInterval] = useState<ChartInterval>('1h');
  const targets = useMemo(
    () =>
      [long, short]
        .filter((l) => l.symbol && !l.error)
        .map((l): BookTarget => ({ exchange: l.venue, symbol: l.symbol! })),
    [long, short],
  );
  const { books, socket, error } = useOrderBooks(targets, { depth: LEVELS, initial: initialBooks });
  const longBook = long.symbol ? books[bookKey(long.venue, long.symbol)] : undefined;
  const shortBook = short.symbol ? books[bookKey(short.venue, short.symbol)] : undefined;
  const longView = useBaseBook(longBook, long.multiplier);
  const shortView = useBaseBook(shortBook, short.multiplier);
  const longDecimals = useStableDecimals(
    longBook?.bids ?? [],
    longBook?.asks ?? [],
    long.tickSize,
    long.multiplier,
  ).price;
  const shortDecimals = useStableDecimals(
    shortBook?.bids ?? [],
    shortBook?.asks ?? [],
    short.tickSize,
    short.multiplier,
  ).price;
  const pair: PairBooks = { long: longView, short: shortView };
  const live = isLive(longBook, socket) && isLive(shortBook, socket);
  const bothLegs = !long.error && !short.error;
  const pairDecimals = Math.max(longDecimals, shortDecimals);
  const quoteLabel = long.quoteAsset === short.quoteAsset ? long.quoteAsset : 'USD';

  const legColumn = (
    role: 'long' | 'short',
    leg: Leg,
    book: BookView | undefined,
    decimals: number,
    view: PairBooks['long'],
  ) => (
    <LegColumn
      role={role}
      leg={leg}
      book={book}
      socket={socket}
      priceDecimals={decimals}
      mid={isLive(book, socket) ? midPrice(view.bids, view.asks) : null}
      interval={interval}
      onIntervalChange={setChartInterval}
      levels={LEVELS}
    />
  );

  return (
    <>
      <PairPicker asset={asset} assets={assets} long={long} short={short} />
      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      <div className={layout.layout}>
        <div className={layout.long}>{legColumn('long', long, longBook, longDecimals, longView)}</div>
        <div className={layout.middle}>
          {bothLegs ? (
            <>
              <SpreadPanel
                books={pair}
                live={live}
                longName={long.venueName}
                shortName={short.venueName}
                priceDecimals={pairDecimals}
              />
              <SizeEstimator
                books={pair}
                live={live}
                baseAsset={long.baseAsset}
                quoteLabel={quoteLabel}
                longName={long.venueName}
                shortName={short.venueName}
                longTakerRate={long.takerRate}
                shortTakerRate={short.takerRate}
                priceDecimals={pairDecimals}
                levels={LEVELS}
              />
            </>
          ) : (
            <Alert color="gray" variant="light" title="Spread needs both legs">
              <Text size="sm">Pick venues that both list {asset}.</Text>
            </Alert>
          )}
        </div>
        <div className={layout.short}>{legColumn('short', short, shortBook, shortDecimals, shortView)}</div>
      </div>
    </>
  );
}

/** A book's levels per base unit; recomputed only when the book changes. */
function useBaseBook(book: BookView | undefined, multiplier: number): PairBooks['long'] {
  const bids = book?.bids;
  const asks = book?.asks;
  return useMemo(
    () => ({ bids: toBaseLevels(bids ?? [], multiplier), asks: toBaseLevels(asks ?? [], multiplier) }),
    [bids, asks, multiplier],
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
