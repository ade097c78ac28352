import { decoyHash, verifyPassword } from '../auth/passwords.js';
import { newToken, tokenHash } from '../auth/tokens.js';
import type { Actor, AppContext } from '../context.js';
import { type ImageWithProject, tokenUserWithImage } from '../db/images.js';
import {
  countLoginFailures,
  deleteToken,
  insertToken,
  pruneLoginFailures,
  recordLoginFailure,
  type TokenUser,
  userByEmail,
  userByTokenHash,
} from '../db/users.js';
import { forbidden, tooMany, unauthorized } from '../errors.js';
import { rememberImageAccess } from './access.js';
import { type PublicUser, publicUser } from './users.js';

export interface LoginResult {
  /** The bearer token for scripts. */
  token: string;
  /** The browser's session cookie value and its CSRF token. */
  session: string;
  csrf: string;
  user: PublicUser;
}

/**
 * Checks an email and password. Unknown emails and wrong passwords get the same 401, after the same
 * argon2 work; after `loginFailuresPerMinute` failures for one email or one address in a minute, 429
 * (counted in the database, so every server process enforces one limit).
 */
export async function login(ctx: AppContext, email: string, password: string, address: string): Promise<LoginResult> {
  const db = ctx.db.kysely;
  const normalised = email.trim().toLowerCase();
  const minuteAgo = new Date(Date.now() - 60_000).toISOString();
  const failures = await countLoginFailures(db, normalised, address, minuteAgo);
  const limit = ctx.config.loginFailuresPerMinute;
  if (failures.email >= limit || failures.address >= limit) {
    throw tooMany('too many failed logins; wait a minute and try again');
  }
  const user = await userByEmail(db, normalised);
  const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), password);
  if (user === undefined || !ok) {
    await recordLoginFailure(db, normalised, address);
    if (Math.random() < 0.01) await pruneLoginFailures(db, minuteAgo);
    throw unauthorized('wrong email or password');
  }
  const now = Date.now();
  const token = newToken();
  const session = newToken();
  const csrf = newToken();
  await insertToken(db, {
    user_id: user.id,
    token_hash: tokenHash(token),
    kind: 'api',
    csrf_hash: null,
    expires_at: new Date(now + ctx.config.tokenSeconds * 1000).toISOString(),
  });
  await insertToken(db, {
    user_id: user.id,
    token_hash: tokenHash(session),
    kind: 'session',
    csrf_hash: tokenHash(csrf),
    expires_at: new Date(now + ctx.config.sessionSeconds * 1000).toISOString(),
  });
  return { token, session, csrf, user: publicUser(user) };
}

export interface Credentials {
  bearer?: string | undefined;
  session?: string | undefined;
  /** The X-CSRF-Token header and the segkit_csrf cookie, for cookie-authenticated writes. */
  csrfHeader?: string | undefined;
  csrfCookie?: string | undefined;
  /** True for methods that change state. */
  write: boolean;
}

/**
 * The user a request acts as. A bearer token needs no CSRF check (a browser never adds that header
 * by itself); a session cookie on a write needs `X-CSRF-Token` equal to the `segkit_csrf` cookie and
 * to the CSRF token issued with that session (403 otherwise). With `imageId` (a route under
 * /api/images/{imageId}), the same query also reads the image's access for the user, which the
 * route's access check then takes instead of a second round trip (services/access.ts).
 */
export async function authenticate(ctx: AppContext, credentials: Credentials, imageId?: number): Promise<Actor> {
  const token = credentials.bearer ?? credentials.session;
  if (token === undefined) throw unauthorized();
  const kind = credentials.bearer !== undefined ? 'api' : 'session';
  const hash = tokenHash(token);
  const now = new Date().toISOString();
  let user: TokenUser | undefined;
  let found: ImageWithProject | undefined;
  if (imageId === undefined) user = await userByTokenHash(ctx.db.kysely, hash, now);
  else ({ user, found } = (await tokenUserWithImage(ctx.db.kysely, hash, now, imageId)) ?? {});
  if (user === undefined || user.token_kind !== kind) {
    throw unauthorized(
      kind === 'api' ? 'the bearer token is unknown or expired' : 'the session has expired; log in again',
    );
  }
  if (kind === 'session' && credentials.write) {
    const header = credentials.csrfHeader;
    if (
      header === undefined ||
      header !== credentials.csrfCookie ||
      user.csrf_hash === null ||
      tokenHash(header) !== user.csrf_hash
    ) {
      throw forbidden('a write with a session cookie needs the X-CSRF-Token header equal to the segkit_csrf cookie');
    }
  }
  const actor: Actor = { ...publicUser(user), via: kind === 'api' ? 'bearer' : 'cookie' };
  if (imageId !== undefined) rememberImageAccess(actor, imageId, found);
  return actor;
}

/** Ends the session or token a request came with. */
export async function logout(ctx: AppContext, token: string): Promise<void> {
  const user = await userByTokenHash(ctx.db.kysely, tokenHash(token), new Date().toISOString());
  if (user !== undefined) await deleteToken(ctx.db.kysely, user.token_id);
}
