// Accounts in the database: look-ups by id and login name, and registration.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '~/.server/db/client';
import { users } from '~/.server/db/schema';
import type { FieldErrors } from '~/.server/http/api';
import { hashPassword } from './passwords';
import { checkRegistration, MESSAGES, type Checked } from './user-rules';

/** What the rest of the app may know about a user: never the hash. */
export interface PublicUser {
  id: number;
  username: string;
  email: string;
  isActive: boolean;
}

const publicColumns = { id: users.id, username: users.username, email: users.email, isActive: users.isActive };

export async function getUserById(db: Db, id: number): Promise<PublicUser | null> {
  const [row] = await db.select(publicColumns).from(users).where(eq(users.id, id));
  return row ?? null;
}

/** For the password check only: the one place the hash leaves the table. Usernames match case-insensitively. */
export async function findUserForLogin(
  db: Db,
  username: string,
): Promise<(PublicUser & { passwordHash: string }) | null> {
  const [row] = await db
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(sql`lower(${users.username}) = ${username.toLowerCase()}`);
  return row ?? null;
}

/** Which of username / email is already taken (case-insensitively). */
async function takenFields(db: Db, username: string | undefined, email: string | undefined): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (username === undefined && email === undefined) return errors;
  const rows = await db
    .select({ username: users.username, email: users.email })
    .from(users)
    .where(
      sql`lower(${users.username}) = ${(username ?? '').toLowerCase()} or lower(${users.email}) = ${(email ?? '').toLowerCase()}`,
    );
  if (username !== undefined && rows.some((r) => r.username.toLowerCase() === username.toLowerCase())) {
    errors.username = [MESSAGES.usernameTaken];
  }
  if (email !== undefined && rows.some((r) => r.email.toLowerCase() === email.toLowerCase())) {
    errors.email = [MESSAGES.emailTaken];
  }
  return errors;
}

function uniqueViolationField(err: unknown): 'username' | 'email' | null {
  const e = err as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } };
  const pg = e?.code ? e : e?.cause;
  if (pg?.code !== '23505') return null;
  if (pg.constraint_name === 'users_username_lower_uq') return 'username';
  if (pg.constraint_name === 'users_email_lower_uq') return 'email';
  return null;
}

/**
 * Create an account from untrusted input. Format and uniqueness problems come back together,
 * per field, as DRF reported them; a race with a concurrent registration is caught by the
 * unique indexes and reported the same way.
 */
export async function registerUser(db: Db, raw: unknown): Promise<Checked<PublicUser>> {
  const checked = checkRegistration(raw);
  const source = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  // Uniqueness is reported even when another field is malformed, as DRF runs every field's validators.
  const username = checked.ok ? checked.value.username : validOrUndefined(source.username, checked.errors.username);
  const email = checked.ok ? checked.value.email : validOrUndefined(source.email, checked.errors.email);
  const taken = await takenFields(db, username, email);
  const errors = { ...(checked.ok ? {} : checked.errors), ...taken };
  if (!checked.ok || Object.keys(taken).length) return { ok: false, errors };

  const passwordHash = await hashPassword(checked.value.password);
  try {
    const [row] = await db
      .insert(users)
      .values({ username: checked.value.username, email: checked.value.email, passwordHash })
      .returning(publicColumns);
    return { ok: true, value: row! };
  } catch (err) {
    const field = uniqueViolationField(err);
    if (!field) throw withoutParams(err);
    return { ok: false, errors: { [field]: [field === 'username' ? MESSAGES.usernameTaken : MESSAGES.emailTaken] } };
  }
}

/** Drizzle's error message lists the query's parameters, here the password hash: keep only the database's reason. */
function withoutParams(err: unknown): Error {
  const cause = (err as { cause?: unknown })?.cause;
  const reason = cause instanceof Error ? cause.message : 'query failed';
  return new Error(`could not create the user: ${reason}`);
}

function validOrUndefined(value: unknown, problems: string[] | undefined): string | undefined {
  return !problems && typeof value === 'string' ? value.trim() : undefined;
}
