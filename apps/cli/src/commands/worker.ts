import type { Command } from 'commander';
import { UsageError } from '../report.js';
import { stopGracefully } from '../signals.js';
import { reaching, storageOption } from './serve.js';

interface WorkerCliOptions {
  data: string;
  database?: string;
  storage?: string;
}

/**
 * `segkit worker`: runs jobs only (exports, QA snapshots) for the servers on one PostgreSQL
 * database; any number of them, on any machine that reaches the database and the blobs.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run the server jobs (exports, QA snapshots) enqueued on a PostgreSQL database; no HTTP')
    .option('--database <url>', "the servers' PostgreSQL URL (also DATABASE_URL)")
    .option('--data <dir>', "the servers' data folder: blobs and the signing key", './segkit-data')
    .option(
      '--storage <url>',
      "the servers' blob store: s3://BUCKET/PREFIX or file:DIR (default: SEGKIT_STORAGE, else files in --data)",
    )
    .addHelpText(
      'after',
      '\nExample:\n  DATABASE_URL=postgres://segkit@db/segkit segkit worker --data /srv/segkit-data\n' +
        '\nSettings (environment): SEGKIT_WORKER_CONCURRENCY (jobs at once, 2), SEGKIT_WORKER_STOP_SECONDS\n' +
        '(on SIGTERM, time to finish before giving jobs back, 30), SEGKIT_JOB_POLL_SECONDS (2),\n' +
        'SEGKIT_JOB_MAINTENANCE_SECONDS (60); servers set SEGKIT_JOB_EXPIRE_SECONDS and SEGKIT_JOB_RETRIES.\n',
    )
    .action(async (options: WorkerCliOptions) => {
      const database = options.database ?? process.env.DATABASE_URL;
      if (database === undefined)
        throw new UsageError('segkit worker needs --database postgres://... (or DATABASE_URL)');
      const storage = storageOption(options.storage);
      // As in serve: the pinned AWS SDK supports Node 20; its warning is about later releases.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const { startWorker } = await import('@segkit/server');
      const worker = await reaching(() =>
        startWorker({ database, data: options.data, ...(storage === undefined ? {} : { storage }) }),
      );
      const blobs = storage === undefined ? '' : `, blobs in ${storage}`;
      process.stderr.write(`segkit: worker running jobs from ${worker.database} (data in ${options.data}${blobs})\n`);
      await stopGracefully(() => worker.close());
    });
}
