import { describe, expect, it } from 'vitest';
import { foreignOrigin } from './csrf';

function post(headers: Record<string, string>, method = 'POST') {
  return new Request('http://app.example:3000/profile', { method, headers: { host: 'app.example:3000', ...headers } });
}

describe('foreignOrigin', () => {
  it('lets same-host posts and posts without Origin or Referer through', () => {
    expect(foreignOrigin(post({ origin: 'http://app.example:3000' }), false)).toBeNull();
    expect(foreignOrigin(post({ referer: 'http://app.example:3000/login?x=1' }), false)).toBeNull();
    expect(foreignOrigin(post({}), false)).toBeNull();
  });

  it('names the foreign origin of a cross-site post, from Origin or else Referer', () => {
    expect(foreignOrigin(post({ origin: 'https://evil.example' }), false)).toBe('https://evil.example');
    expect(foreignOrigin(post({ referer: 'http://evil.example/page' }), false)).toBe('http://evil.example');
    expect(foreignOrigin(post({ origin: 'http://app.example:3001' }), false)).toBe('http://app.example:3001');
  });

  it('treats an opaque or garbled origin as foreign', () => {
    expect(foreignOrigin(post({ origin: 'null' }), false)).toBe('null');
    expect(foreignOrigin(post({ referer: '::::' }), false)).toBe('::::');
  });

  it('ignores safe methods', () => {
    expect(foreignOrigin(post({ origin: 'https://evil.example' }, 'GET'), false)).toBeNull();
  });

  it('compares default ports by scheme and honours X-Forwarded-Host only behind a trusted proxy', () => {
    const behindProxy = new Request('http://internal:3000/profile', {
      method: 'POST',
      headers: { host: 'internal:3000', 'x-forwarded-host': 'app.example', origin: 'https://app.example' },
    });
    expect(foreignOrigin(behindProxy, false)).toBe('https://app.example');
    expect(foreignOrigin(behindProxy, true)).toBeNull();
    const explicitPort = new Request('http://app.example/x', {
      method: 'POST',
      headers: { host: 'app.example:443', origin: 'https://app.example' },
    });
    expect(foreignOrigin(explicitPort, false)).toBeNull();
  });
});
