import { hashPassword } from '../auth/passwords.js';
import type { Actor, AppContext } from '../context.js';
import { isManagerSomewhere } from '../db/projects.js';
import { countUsers, insertUser, userByEmail } from '../db/users.js';
import { ApiError, forbidden, invalid } from '../errors.js';

export interface PublicUser {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'member';
}

export interface NewUserInput {
  email: string;
  password: string;
  name: string;
  role: 'admin' | 'member';
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Creates a user; `actor` undefined means the offline CLI or the environment's first admin. */
export async function createUser(ctx: AppContext, actor: Actor | undefined, input: NewUserInput): Promise<PublicUser> {
  if (actor !== undefined && actor.role !== 'admin') throw forbidden('only an admin creates users');
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw invalid(`${JSON.stringify(input.email)} is not an email address`);
  if (input.password.length < 8) throw invalid('a password has at least 8 characters');
  if (input.password.length > 1024) throw invalid('a password has at most 1024 characters');
  if (input.name.trim() === '') throw invalid('a user has a name');
  const taken = () => new ApiError(409, 'EMAIL_TAKEN', `a user with email ${email} exists`);
  if ((await userByEmail(ctx.db.kysely, email)) !== undefined) throw taken();
  const row = await insertUser(ctx.db.kysely, {
    email,
    name: input.name.trim(),
    role: input.role,
    password_hash: await hashPassword(input.password),
  });
  if (row === undefined) throw taken();
  return publicUser(row);
}

/** At start, on a database with no users: the admin named by SEGKIT_ADMIN_EMAIL / SEGKIT_ADMIN_PASSWORD. */
export async function ensureFirstAdmin(
  ctx: AppContext,
  env: { email?: string | undefined; password?: string | undefined },
): Promise<PublicUser | undefined> {
  if (env.email === undefined || env.password === undefined) return undefined;
  if ((await countUsers(ctx.db.kysely)) > 0) return undefined;
  try {
    return await createUser(ctx, undefined, { email: env.email, password: env.password, name: 'Admin', role: 'admin' });
  } catch (error) {
    // Several servers starting together on one empty database: the first creates the admin.
    if (error instanceof ApiError && error.code === 'EMAIL_TAKEN') return undefined;
    throw error;
  }
}

export function publicUser(row: { id: number; email: string; name: string; role: 'admin' | 'member' }): PublicUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

/**
 * Looks a user up by exact email, for adding members: admins, and users who manage some project
 * (an exact match only, so the list of users cannot be walked).
 */
export async function findUsers(ctx: AppContext, actor: Actor, email: string): Promise<PublicUser[]> {
  if (actor.role !== 'admin' && !(await isManagerSomewhere(ctx.db.kysely, actor.id))) {
    throw forbidden('only admins and project managers look users up');
  }
  const row = await userByEmail(ctx.db.kysely, email.trim().toLowerCase());
  return row === undefined ? [] : [publicUser(row)];
}
