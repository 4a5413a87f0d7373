import { describe, expect, it } from 'vitest';
import { createLogger, redact } from './logger';

describe('logger', () => {
  it('redacts secret-looking fields at any depth and keeps the rest', () => {
    expect(
      redact({ user: 'ann', password: 'p', nested: { api_key: 'k', apiSecret: 's', privateKey: 'x', ok: 1 }, list: [{ token: 't' }] }),
    ).toEqual({ user: 'ann', password: '[redacted]', nested: { api_key: '[redacted]', apiSecret: '[redacted]', privateKey: '[redacted]', ok: 1 }, list: [{ token: '[redacted]' }] });
  });

  it('filters by level and carries child bindings', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(l) }).child({ venue: 'binance' });
    log.debug('hidden');
    log.warn('shown', { passphrase: 'zzz' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN +shown \{"venue":"binance","passphrase":"\[redacted\]"\}/);
  });
});
