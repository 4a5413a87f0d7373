import { describe, expect, it } from 'vitest';
import { NetworkError, ParseError } from '~/.server/market/types';
import { KucoinContractSizes, type KucoinContractSpec } from './contract-sizes';

const spec = (multiplier: number): KucoinContractSpec => ({ multiplier, fundingIntervalMs: 28_800_000 });

function table(loads: Array<Map<string, KucoinContractSpec> | Error>) {
  let clock = 1_000_000;
  let calls = 0;
  const sizes = new KucoinContractSizes({
    load: () => {
      const next = loads[Math.min(calls++, loads.length - 1)]!;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    ttlMs: 60_000,
    minReloadMs: 5_000,
    now: () => clock,
  });
  return { sizes, calls: () => calls, advance: (ms: number) => (clock += ms) };
}

describe('KucoinContractSizes', () => {
  it('loads once, serves lookups without I/O, and refreshes after the TTL', async () => {
    const t = table([
      new Map([['XBTUSDTM', spec(0.001)]]),
      new Map([
        ['XBTUSDTM', spec(0.001)],
        ['NEWUSDTM', spec(1)],
      ]),
    ]);
    expect(t.sizes.get('XBTUSDTM')).toBeUndefined();
    await t.sizes.ensureFresh();
    await t.sizes.ensureFresh();
    expect(t.calls()).toBe(1);
    expect(t.sizes.get('XBTUSDTM')).toBe(0.001);
    t.advance(60_000);
    await t.sizes.ensureFresh();
    expect(t.calls()).toBe(2);
    expect(t.sizes.get('NEWUSDTM')).toBe(1);
  });

  it('keeps a stale table when a refresh fails, but a failed first load throws', async () => {
    const t = table([
      new NetworkError('kucoin', 'down'),
      new Map([['XBTUSDTM', spec(0.001)]]),
      new NetworkError('kucoin', 'down'),
    ]);
    await expect(t.sizes.ensureFresh()).rejects.toThrow(NetworkError);
    await t.sizes.ensureFresh();
    t.advance(120_000);
    await expect(t.sizes.ensureFresh()).resolves.toBeUndefined();
    expect(t.sizes.get('XBTUSDTM')).toBe(0.001);
  });

  it('reloads once for a symbol it does not know, and not again right after', async () => {
    const t = table([
      new Map([['XBTUSDTM', spec(0.001)]]),
      new Map([
        ['XBTUSDTM', spec(0.001)],
        ['NEWUSDTM', spec(10)],
      ]),
    ]);
    await t.sizes.ensureFresh();
    t.advance(6_000);
    await expect(t.sizes.require('NEWUSDTM')).resolves.toEqual(spec(10));
    expect(t.calls()).toBe(2);
    await expect(t.sizes.require('NOPEUSDTM')).rejects.toThrow(ParseError);
    expect(t.calls()).toBe(2);
  });

  it('shares one load between concurrent callers', async () => {
    const t = table([new Map([['XBTUSDTM', spec(0.001)]])]);
    const all = await Promise.all([t.sizes.require('XBTUSDTM'), t.sizes.require('XBTUSDTM'), t.sizes.ensureFresh()]);
    expect(all[0]).toEqual(spec(0.001));
    expect(t.calls()).toBe(1);
  });

  it('lets a caller give up on a load that hangs', async () => {
    const sizes = new KucoinContractSizes({ load: () => new Promise(() => {}) });
    const ctrl = new AbortController();
    const pending = sizes.require('XBTUSDTM', ctrl.signal);
    ctrl.abort(new Error('snapshot timeout'));
    await expect(pending).rejects.toThrow('snapshot timeout');
  });
});
