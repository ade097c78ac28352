import { createHash, randomBytes } from 'node:crypto';

/** A random 256-bit token, base64url: what a client holds. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database holds of a token: its SHA-256 (a stolen database yields no usable token). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
