// What a valid account looks like: pure checks shared by the API and the register page, with
// DRF's wording so the original app's clients show the same messages.
import { z } from 'zod';
import type { FieldErrors } from '~/.server/http/api';
import { passwordProblems } from './passwords';

export const MESSAGES = {
  required: 'This field is required.',
  blank: 'This field may not be blank.',
  notString: 'Not a valid string.',
  usernameChars: 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
  usernameTaken: 'A user with that username already exists.',
  email: 'Enter a valid email address.',
  emailTaken: 'A user with that email already exists.',
  minLength: (n: number) => `Ensure this field has at least ${n} characters.`,
  maxLength: (n: number) => `Ensure this field has no more than ${n} characters.`,
} as const;

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 150;
export const EMAIL_MAX = 254;

/** A required string field; DRF trims text fields unless told not to (passwords are not trimmed). */
export function requiredText(opts: { trim: boolean }) {
  const base = z.string({ required_error: MESSAGES.required, invalid_type_error: MESSAGES.notString });
  return (opts.trim ? base.trim() : base).min(1, MESSAGES.blank);
}

const registrationShape = z.object({
  username: requiredText({ trim: true }).pipe(
    z
      .string()
      .min(USERNAME_MIN, MESSAGES.minLength(USERNAME_MIN))
      .max(USERNAME_MAX, MESSAGES.maxLength(USERNAME_MAX))
      .regex(/^[A-Za-z0-9@.+_-]*$/, MESSAGES.usernameChars),
  ),
  email: requiredText({ trim: true }).pipe(
    z.string().max(EMAIL_MAX, MESSAGES.maxLength(EMAIL_MAX)).email(MESSAGES.email),
  ),
  password: requiredText({ trim: false }),
});

export interface RegistrationInput {
  username: string;
  email: string;
  password: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Django's normalize_email: the domain part is case-insensitive, the local part is kept. */
export function normaliseEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? email : email.slice(0, at) + '@' + email.slice(at + 1).toLowerCase();
}

/** Every format problem of a registration at once, per field (uniqueness is checked against the database later). */
export function checkRegistration(raw: unknown): Checked<RegistrationInput> {
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const errors: FieldErrors = {};
  const values: Partial<RegistrationInput> = {};
  for (const field of ['username', 'email', 'password'] as const) {
    const parsed = registrationShape.shape[field].safeParse(source[field]);
    if (parsed.success) values[field] = parsed.data;
    else errors[field] = parsed.error.issues.map((i) => i.message);
  }
  if (values.password !== undefined) {
    const username = typeof source.username === 'string' ? source.username.trim() : undefined;
    const problems = passwordProblems(values.password, username);
    if (problems.length) {
      errors.password = problems;
      delete values.password;
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const value = values as RegistrationInput;
  return { ok: true, value: { ...value, email: normaliseEmail(value.email) } };
}
