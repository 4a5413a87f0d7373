// Keeps a server-rendered page live: on each `funding` message from the hub (new snapshots or
// history were stored) the route's loaders run again through Remix's revalidator, at most once per
// `minIntervalMs` and never while a navigation is under way. Scroll position and the URL (filters,
// sort) are untouched because revalidation re-runs loaders for the current location only.
import { useNavigation, useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useMarketChannel, type SocketState } from '~/lib/use-market-socket';
import { throttleDelayMs } from './throttle';

export const FUNDING_CHANNEL = 'funding';

export interface LiveFunding {
  socket: SocketState;
  /** Server time of the last funding message (ms); null before the first. */
  lastMessageMs: number | null;
}

export function useLiveRevalidation(minIntervalMs = 2000): LiveFunding {
  // useMarketChannel batches messages per animation frame: a burst is one state change here.
  const { ts, socket } = useMarketChannel<unknown>(FUNDING_CHANNEL);
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const busy = revalidator.state !== 'idle' || navigation.state !== 'idle';
  const lastRun = useRef<number | null>(null);
  const pending = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;

  // A message marks the data as out of date; the effect below decides when to fetch.
  useEffect(() => {
    if (ts !== null) pending.current = true;
  }, [ts]);

  useEffect(() => {
    if (!pending.current || busy || timer.current !== null) return;
    const run = () => {
      timer.current = null;
      pending.current = false;
      lastRun.current = Date.now();
      revalidate.current();
    };
    const delay = throttleDelayMs(lastRun.current, Date.now(), minIntervalMs);
    if (delay === 0) run();
    else timer.current = setTimeout(run, delay);
  }, [ts, busy, minIntervalMs]);

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  return { socket, lastMessageMs: ts };
}
