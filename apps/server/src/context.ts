import type { Limits } from '@segkit/core';
import type { Db } from './db/database.js';
import type { JobQueue } from './queue/queue.js';
import type { BlobStore } from './storage/blob-store.js';

export interface ServerConfig {
  /** Largest request body (uploads), bytes. */
  maxUploadBytes: number;
  /** Limits every reader runs under (pixels per image...). */
  limits: Limits;
  /** Lifetime of a browser session and of a script token, seconds. */
  sessionSeconds: number;
  tokenSeconds: number;
  /** Failed logins per email or per address within a minute before 429. */
  loginFailuresPerMinute: number;
  /** Cookies marked Secure (behind HTTPS). */
  secureCookies: boolean;
  version: string;
}

/** What every service gets: the database, the blob store and the settings. */
export interface AppContext {
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly config: ServerConfig;
  /** Exports and other long work, run in the background. */
  readonly queue: JobQueue;
}

/** The user a request acts as, and how it proved it. */
export interface Actor {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'member';
  via: 'bearer' | 'cookie';
}
