// Query parameters of the funding API, checked once with zod: a bad value is a 400 naming the
// parameter (through parseQuery), never a silently ignored filter.
import { z } from 'zod';
import { apiError } from '~/.server/http/api';
import { parseVenueId, VENUES, type VenueId } from '~/lib/venues';
import { TABLE_SORTS } from './funding-table';
import { DEFAULT_HORIZON_DAYS, SIDES } from './opportunities';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, paginate, PageOutOfRange, type Page } from './pagination';
import { PERIODS } from './periods';

export const DEFAULT_PERIOD = '1d';

const once = (name: string) => z.string({ invalid_type_error: `${name} must be given once` });

const enumParam = <T extends string>(name: string, values: readonly T[], opts: { caseInsensitive?: boolean } = {}) =>
  once(name).transform((v, ctx) => {
    const x = opts.caseInsensitive ? v.trim().toUpperCase() : v.trim();
    const hit = values.find((allowed) => (opts.caseInsensitive ? allowed.toUpperCase() : allowed) === x);
    if (!hit) {
      ctx.addIssue({ code: 'custom', message: `${name} must be one of ${values.join(', ')}` });
      return z.NEVER;
    }
    return hit;
  });

const intParam = (name: string, min: number, max: number) =>
  once(name).transform((v, ctx) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a whole number` });
      return z.NEVER;
    }
    if (n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `${name} must be between ${min} and ${max}` });
      return z.NEVER;
    }
    return n;
  });

const numberParam = (name: string, check: (n: number) => string | null) =>
  once(name).transform((v, ctx) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a number` });
      return z.NEVER;
    }
    const problem = check(n);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `${name} ${problem}` });
      return z.NEVER;
    }
    return n;
  });

/** `exchanges=binance&exchanges=bybit` or `exchanges=binance,bybit`; names case-insensitive. */
const exchangesParam = z
  .union([z.string(), z.array(z.string())])
  .transform((v, ctx) => {
    const names = (Array.isArray(v) ? v : [v])
      .flatMap((x) => x.split(','))
      .map((x) => x.trim())
      .filter(Boolean);
    const ids = new Set<VenueId>();
    for (const name of names) {
      const id = parseVenueId(name);
      if (!id) {
        ctx.addIssue({
          code: 'custom',
          message: `exchanges: unknown exchange ${JSON.stringify(name)}; one of ${VENUES.join(', ')}`,
        });
        return z.NEVER;
      }
      ids.add(id);
    }
    return ids.size ? ids : null;
  })
  .optional();

const common = {
  period: enumParam('period', PERIODS).default(DEFAULT_PERIOD),
  q: once('q').max(40, 'q must be at most 40 characters').default(''),
  exchanges: exchangesParam,
  page: intParam('page', 1, 1_000_000).default('1'),
  page_size: intParam('page_size', 1, MAX_PAGE_SIZE).default(String(DEFAULT_PAGE_SIZE)),
};

export const fundingTableQuery = z.object({
  ...common,
  sort: enumParam('sort', TABLE_SORTS).default('spread'),
  order: enumParam('order', ['asc', 'desc'] as const).optional(),
});

export const opportunitiesQuery = z.object({
  ...common,
  mode: enumParam('mode', ['pairs', 'single'] as const).default('pairs'),
  side: enumParam('side', SIDES, { caseInsensitive: true }).default('ALL'),
  min_spread: numberParam('min_spread', () => null).optional(),
  notional: numberParam('notional', (n) =>
    n > 0 && n <= 100_000_000 ? null : 'must be above 0 and at most 100000000',
  ).default('10000'),
  horizon_days: numberParam('horizon_days', (n) =>
    n > 0 && n <= 365 ? null : 'must be above 0 and at most 365',
  ).default(String(DEFAULT_HORIZON_DAYS)),
});

export const coinDetailQuery = z.object({
  days: intParam('days', 1, 3650).optional(),
});

/** A page of `items`, or a 400 naming `page` when it is past the last one. */
export function pageOr400<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  try {
    return paginate(items, page, pageSize);
  } catch (err) {
    if (err instanceof PageOutOfRange) throw apiError(400, { page: [err.message] });
    throw err;
  }
}
