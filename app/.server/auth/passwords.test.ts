import { describe, expect, it } from 'vitest';
import { burnPasswordCheck, hashPassword, passwordProblems, verifyPassword } from './passwords';

describe('password hashing', () => {
  it('stores argon2id with the configured cost and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain('correct horse');
    await expect(verifyPassword(hash, 'correct horse')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'Correct horse')).resolves.toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    expect(await hashPassword('same-password')).not.toBe(await hashPassword('same-password'));
  });

  it('treats an unparseable hash as a mismatch instead of throwing', async () => {
    await expect(verifyPassword('not-a-hash', 'x')).resolves.toBe(false);
  });

  it('burns a real check for unknown users and always says no', async () => {
    await expect(burnPasswordCheck('not-a-real-password-0b9f')).resolves.toBe(false);
  });
});

describe('passwordProblems (Django validators)', () => {
  it('accepts a reasonable password', () => {
    expect(passwordProblems('s3cret-pass', 'alice')).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(passwordProblems('1234567', 'bob')).toEqual([
      'This password is too short. It must contain at least 8 characters.',
      'This password is entirely numeric.',
    ]);
  });

  it('refuses the username as password, case-insensitively', () => {
    expect(passwordProblems('Trader-Joe', 'trader-joe')).toEqual(['The password is too similar to the username.']);
    expect(passwordProblems('Trader-Joe', undefined)).toEqual([]);
  });

  it('caps the length', () => {
    expect(passwordProblems('a'.repeat(1025), 'x')).toEqual([
      'This password is too long. It must contain at most 1024 characters.',
    ]);
  });
});
