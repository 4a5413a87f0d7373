// Where to send a user after login: only paths on this site, never `//evil.example` or `https://…`.

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback;
  // Control characters can turn a path into something a browser reads as another host.
  for (const ch of to) if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) return fallback;
  return to;
}
