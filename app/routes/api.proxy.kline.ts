// GET /api/proxy/kline/?exchange=&symbol=&interval=&limit= — candles from any venue in one
// shape, [{t,o,h,l,c,v}] oldest first (the original passed each venue's raw body through).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { apiError, apiHandler, jsonResponse, parseQuery } from '~/.server/http/api';
import { isVenueFailure, type CandleInterval } from '~/.server/market/types';
import { parseVenueId, VENUE_NAMES } from '~/lib/venues';

const INTERVALS = ['1m', '5m', '15m', '1h', '4h', '1d'] as const satisfies readonly CandleInterval[];

const querySchema = z.object({
  exchange: z.string({ required_error: 'exchange is required' }).transform((v, ctx) => {
    const id = parseVenueId(v);
    if (!id) ctx.addIssue({ code: 'custom', message: `unknown exchange ${JSON.stringify(v)}; one of ${Object.values(VENUE_NAMES).join(', ')}` });
    return id!;
  }),
  symbol: z
    .string({ required_error: 'symbol is required' })
    .trim()
    .min(1, 'symbol is required')
    .max(40)
    .regex(/^[A-Za-z0-9:._-]+$/, 'symbol has characters no venue uses'),
  interval: z.enum(INTERVALS, { errorMap: () => ({ message: `interval must be one of ${INTERVALS.join(', ')}` }) }).default('1h'),
  limit: z.coerce.number({ invalid_type_error: 'limit must be a number' }).int().min(1).max(1000).default(200),
});

export const loader = apiHandler(async ({ request, context }: LoaderFunctionArgs) => {
  const market = context.services.market;
  if (!market) throw apiError(503, { detail: 'market data is not running' });
  const q = parseQuery(request, querySchema);
  if (!market.rest[q.exchange]) throw apiError(400, { exchange: [`${VENUE_NAMES[q.exchange]} has no candle source here`] });
  if (!market.catalog.isKnown(q.exchange, q.symbol)) {
    throw apiError(400, { symbol: [`${VENUE_NAMES[q.exchange]} lists no perpetual ${JSON.stringify(q.symbol)}`] });
  }
  try {
    const candles = await market.candles.get(q.exchange, q.symbol, q.interval, q.limit);
    return jsonResponse(candles, 200, { 'Cache-Control': 'public, max-age=5' });
  } catch (err) {
    if (isVenueFailure(err)) {
      context.services.log.warn('kline proxy: venue failed', { venue: q.exchange, symbol: q.symbol, error: err.message });
      return apiError(502, { detail: `${VENUE_NAMES[q.exchange]} failed`, error: err.message, exchange: q.exchange });
    }
    throw err;
  }
});
