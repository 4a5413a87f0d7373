import { describe, expect, it } from 'vitest';
import { safeRedirect } from './safe-redirect';

describe('safeRedirect', () => {
  it('keeps same-site paths', () => {
    expect(safeRedirect('/profile?tab=1#x')).toBe('/profile?tab=1#x');
  });

  it.each([
    null,
    undefined,
    '',
    'profile',
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    '/\tx',
    'javascript:alert(1)',
  ])('%j falls back', (to) => {
    expect(safeRedirect(to, '/home')).toBe('/home');
  });
});
