import { type Kysely, sql } from 'kysely';
import type { Database, UserRow } from './schema.js';

export type NewUser = Pick<UserRow, 'email' | 'name' | 'role' | 'password_hash'>;

/** Inserts a user; undefined when the email is taken (also when another process inserted it first). */
export async function insertUser(db: Kysely<Database>, user: NewUser): Promise<UserRow | undefined> {
  return db
    .insertInto('users')
    .values({ ...user, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function userByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function userById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertToken(
  db: Kysely<Database>,
  row: { user_id: number; token_hash: string; kind: 'session' | 'api'; csrf_hash: string | null; expires_at: string },
): Promise<void> {
  await db
    .insertInto('tokens')
    .values({ ...row, created_at: new Date().toISOString() })
    .execute();
}

export type TokenUser = UserRow & { token_kind: 'session' | 'api'; csrf_hash: string | null; token_id: number };

/**
 * The user a live token belongs to, with the token's kind and CSRF hash. Raw SQL: every request runs
 * it, and Kysely's builder cost more than the query (db/images.ts).
 */
export async function userByTokenHash(db: Kysely<Database>, hash: string, now: string): Promise<TokenUser | undefined> {
  const { rows } = await sql<TokenUser>`
    select users.*, tokens.kind as token_kind, tokens.csrf_hash, tokens.id as token_id
    from tokens join users on users.id = tokens.user_id
    where tokens.token_hash = ${hash} and tokens.expires_at > ${now}`.execute(db);
  return rows[0];
}

export async function deleteToken(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('tokens').where('id', '=', id).execute();
}

export async function recordLoginFailure(db: Kysely<Database>, email: string, address: string): Promise<void> {
  await db.insertInto('login_failures').values({ email, address, at: new Date().toISOString() }).execute();
}

/** Failed logins since `since` for this email and for this address. */
export async function countLoginFailures(
  db: Kysely<Database>,
  email: string,
  address: string,
  since: string,
): Promise<{ email: number; address: number }> {
  const count = async (column: 'email' | 'address', value: string) => {
    const row = await db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where(column, '=', value)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { email: await count('email', email), address: await count('address', address) };
}

export async function pruneLoginFailures(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom('login_failures').where('at', '<', before).execute();
}
