import type { Command } from 'commander';
import { integerOption } from '../options.js';
import { CliFailure, UsageError } from '../report.js';
import { stopGracefully } from '../signals.js';
import { ServerRefusal } from './project-client.js';

interface ServeCliOptions {
  port: string;
  host: string;
  data: string;
  database?: string;
  storage?: string;
  jobs: boolean;
}

/** `segkit serve`: the annotation server and web app (../shared/docs/api.md), on SQLite in --data by default. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the annotation server and web app (SQLite and local files in --data by default)')
    .option('--port <n>', 'port to listen on', '8080')
    .option('--host <h>', 'address to listen on', '127.0.0.1')
    .option('--data <dir>', 'folder of the database, images and exports', './segkit-data')
    .option('--database <url>', 'database URL (default: SQLite in --data; also DATABASE_URL)')
    .option(
      '--storage <url>',
      'blob store: s3://BUCKET/PREFIX or file:DIR (default: SEGKIT_STORAGE, else files in --data)',
    )
    .option('--no-jobs', 'on PostgreSQL: run no jobs here, only enqueue them for `segkit worker` processes')
    .addHelpText(
      'after',
      '\nExample:\n  SEGKIT_ADMIN_EMAIL=me@example.com SEGKIT_ADMIN_PASSWORD=... segkit serve --port 8080\n' +
        '\nS3-compatible storage (settings from AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,\n' +
        'SEGKIT_S3_ENDPOINT or AWS_ENDPOINT_URL, SEGKIT_S3_FORCE_PATH_STYLE; see docs/server.md):\n' +
        '  SEGKIT_S3_ENDPOINT=http://127.0.0.1:9000 segkit serve --storage s3://segkit/prod\n' +
        '\nJobs (exports, QA snapshots) run in the server unless --no-jobs; on PostgreSQL, `segkit worker`\n' +
        'processes run them too. Job settings: SEGKIT_JOB_* and SEGKIT_WORKER_* (docs/server.md).\n',
    )
    .action(async (options: ServeCliOptions) => {
      const port = integerOption('--port', options.port, 0, 65535);
      const database = options.database ?? process.env.DATABASE_URL;
      const storage = storageOption(options.storage);
      // segkit pins an AWS SDK release that supports Node 20 (apps/server/package.json); the SDK's
      // warning is about its later releases, which need Node 22, so it is noise on every start.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const { startServer } = await import('@segkit/server');
      const server = await reaching(() =>
        startServer({
          data: options.data,
          ...(database === undefined ? {} : { database }),
          ...(storage === undefined ? {} : { storage }),
          port,
          host: options.host,
          logger: { level: 'info' },
          jobs: options.jobs,
        }),
      );
      const engine =
        server.ctx.db.engine === 'postgres'
          ? `, database on PostgreSQL${options.jobs ? '' : ', jobs left to workers'}`
          : '';
      const blobs = storage === undefined ? '' : `, blobs in ${storage}`;
      process.stderr.write(`segkit: serving on ${server.url} (data in ${options.data}${engine}${blobs})\n`);
      await stopGracefully(() => server.close());
    });
}

interface UserCliOptions {
  data: string;
  database?: string;
  email: string;
  name: string;
  passwordStdin?: boolean;
  role: string;
  format: string;
}

/** `segkit user create`: a user offline, in the database the server uses. */
export function registerUser(program: Command): void {
  const user = program.command('user').description('manage users offline (the server need not run)');
  user
    .command('create')
    .description('create a user in the server database')
    .option('--data <dir>', 'the server data folder', './segkit-data')
    .option('--database <url>', 'database URL (default: SQLite in --data; also DATABASE_URL)')
    .requiredOption('--email <e>', 'email address (the login)')
    .requiredOption('--name <n>', 'display name')
    .option('--password-stdin', 'read the password from standard input (never from the command line)')
    .option('--role <r>', 'admin or member', 'member')
    .option('--format <f>', 'text or json', 'text')
    .addHelpText(
      'after',
      '\nExample:\n  printf \'%s\' "$PASSWORD" | segkit user create --email ada@example.com --name Ada --password-stdin --role admin\n',
    )
    .action(async (options: UserCliOptions) => {
      if (options.role !== 'admin' && options.role !== 'member')
        throw new UsageError(`--role must be admin or member, got ${JSON.stringify(options.role)}`);
      if (!options.passwordStdin) throw new UsageError('--password-stdin is required: pipe the password in');
      const password = (await readStdin()).replace(/\r?\n$/, '');
      const { openContext, createUser } = await import('@segkit/server');
      const database = options.database ?? process.env.DATABASE_URL;
      const ctx = await reaching(() =>
        openContext({ data: options.data, ...(database === undefined ? {} : { database }) }),
      );
      try {
        const created = await createUser(ctx, undefined, {
          email: options.email,
          name: options.name,
          password,
          role: options.role,
        });
        process.stdout.write(
          options.format === 'json'
            ? `${JSON.stringify(created)}\n`
            : `created ${created.role} ${created.email} (id ${created.id})\n`,
        );
      } finally {
        await ctx.db.close();
      }
    });
}

/**
/**
 * What stops the server or a worker at start as one line: a database that cannot be reached or a blob
 * store that fails (the operator's to fix, exit 1); a bad storage URL or setting, a bad job setting
 * (SEGKIT_JOB_*, --no-jobs on SQLite) (usage, exit 2); never a stack.
 */
export async function reaching<T>(open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
    if (code === 'DATABASE_UNREACHABLE')
      throw new ServerRefusal(0, code, `${String(message)} (--database or DATABASE_URL)`);
    if (code === 'BAD_SETTING') throw new UsageError(String(message));
    if (name === 'StorageError' && typeof code === 'string') {
      if (code === 'STORAGE_URL') throw new UsageError(String(message));
      throw new CliFailure(String(message), code);
    }
    throw error;
  }
}

/** The storage URL from --storage, else SEGKIT_STORAGE; a usage error unless s3://BUCKET/PREFIX or file:DIR. */
export function storageOption(flag: string | undefined): string | undefined {
  const storage = flag ?? nonEmpty(process.env.SEGKIT_STORAGE);
  if (storage !== undefined && !storage.startsWith('s3://') && !storage.startsWith('file:')) {
    throw new UsageError(`--storage is s3://BUCKET/PREFIX or file:DIR, got ${JSON.stringify(storage)}`);
  }
  return storage;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
