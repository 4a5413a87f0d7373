// Password hashing (argon2id) and the password rules registration enforces.
import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane) — also the library's defaults, spelled out
// so a library upgrade cannot silently change them. 2 = Algorithm.Argon2id (a const enum, which
// isolatedModules cannot import).
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password or a hash that cannot be parsed (never throws on bad input). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spend the same time as a real check when there is no account to check against, so response
 * time does not tell an attacker which usernames exist. Always false.
 */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hash('not-a-real-password-0b9f', ARGON2_OPTIONS);
  await verifyPassword(await dummyHash, password);
  return false;
}

/** Django's default validators, as DRF reported them: every problem, not just the first. */
export function passwordProblems(password: string, username: string | undefined): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push(`This password is too short. It must contain at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push(`This password is too long. It must contain at most ${PASSWORD_MAX_LENGTH} characters.`);
  }
  if (/^\d+$/.test(password)) problems.push('This password is entirely numeric.');
  if (username && password.toLowerCase() === username.toLowerCase()) {
    problems.push('The password is too similar to the username.');
  }
  return problems;
}
