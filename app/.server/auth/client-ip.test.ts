import { describe, expect, it } from 'vitest';
import { clientIpFrom, isHttpsRequest, normaliseIp } from './client-ip';

describe('clientIpFrom', () => {
  it('uses the socket address and folds IPv4-mapped IPv6', () => {
    expect(normaliseIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseIp('2001:DB8::1')).toBe('2001:db8::1');
    expect(clientIpFrom({ remoteAddress: '::ffff:10.0.0.7', forwardedFor: '1.2.3.4', trustProxy: false })).toBe(
      '10.0.0.7',
    );
    expect(clientIpFrom({ remoteAddress: undefined, forwardedFor: undefined, trustProxy: false })).toBe('unknown');
  });

  it('behind a trusted proxy takes the entry the proxy appended, not what the client sent', () => {
    const forwardedFor = '6.6.6.6, 203.0.113.9';
    expect(clientIpFrom({ remoteAddress: '10.0.0.2', forwardedFor, trustProxy: true })).toBe('203.0.113.9');
    expect(
      clientIpFrom({ remoteAddress: '10.0.0.2', forwardedFor: ['6.6.6.6', '203.0.113.9'], trustProxy: true }),
    ).toBe('203.0.113.9');
    expect(clientIpFrom({ remoteAddress: '10.0.0.2', forwardedFor: ' , ', trustProxy: true })).toBe('10.0.0.2');
  });
});

describe('isHttpsRequest', () => {
  it('trusts X-Forwarded-Proto only behind a trusted proxy', () => {
    const viaProxy = new Request('http://app.example/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(isHttpsRequest(viaProxy, false)).toBe(false);
    expect(isHttpsRequest(viaProxy, true)).toBe(true);
    expect(isHttpsRequest(new Request('https://app.example/'), false)).toBe(true);
  });
});
