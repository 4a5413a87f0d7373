// Who is calling: the socket's peer address, or — only behind one trusted reverse proxy — the
// address that proxy appended to X-Forwarded-For. Login limits key on this, so a client must not
// be able to pick its own value: untrusted forwarding headers are ignored.

/** `::ffff:127.0.0.1` → `127.0.0.1`, so one client has one key whichever socket family it used. */
export function normaliseIp(ip: string): string {
  const trimmed = ip.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return (mapped ? mapped[1]! : trimmed).toLowerCase();
}

/**
 * The client address for one request. With `trustProxy`, the proxy appends the peer it saw as
 * the LAST `X-Forwarded-For` entry; earlier entries came from the client and prove nothing.
 */
export function clientIpFrom(opts: {
  remoteAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustProxy: boolean;
}): string {
  if (opts.trustProxy && opts.forwardedFor !== undefined) {
    const header = Array.isArray(opts.forwardedFor) ? opts.forwardedFor.join(',') : opts.forwardedFor;
    const last = header
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1);
    if (last) return normaliseIp(last);
  }
  return opts.remoteAddress ? normaliseIp(opts.remoteAddress) : 'unknown';
}

/** Whether the browser reached us over https (for the cookie's Secure flag). */
export function isHttpsRequest(request: Request, trustProxy: boolean): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  if (!trustProxy) return false;
  const proto = request.headers.get('x-forwarded-proto')?.split(',').at(-1)?.trim().toLowerCase();
  return proto === 'https';
}
