import type { AppContext } from '../context.js';
import { LocalJobQueue } from './local.js';
import { PgBossJobQueue } from './pg-boss.js';
import type { JobHandlers, JobQueue } from './queue.js';
import { type JobSettings, JobSettingsError } from './settings.js';

export interface JobQueueOptions {
  /** The database URL (PostgreSQL: pg-boss connects to it too). */
  url: string;
  /** Whether this process runs jobs (default true). False needs PostgreSQL: on SQLite nobody else would. */
  work?: boolean;
  settings: JobSettings;
}

/** The queue for ctx's engine: in-process on SQLite (one process), pg-boss on PostgreSQL. */
export function openJobQueue(ctx: AppContext, handlers: JobHandlers, options: JobQueueOptions): JobQueue {
  const work = options.work ?? true;
  if (ctx.db.engine === 'sqlite') {
    if (!work) {
      throw new JobSettingsError(
        'a server on SQLite runs its jobs itself (it is the only process): leaving them to workers (--no-jobs) needs PostgreSQL',
      );
    }
    return new LocalJobQueue(ctx, handlers);
  }
  return new PgBossJobQueue(ctx, handlers, { url: options.url, work, settings: options.settings });
}
