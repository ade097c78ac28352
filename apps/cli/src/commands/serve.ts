import type { Command } from 'commander';
import { integerOption } from '../options.js';
import { UsageError } from '../report.js';
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
    .option('--storage <url>', 'blob store URL (default: files in --data)')
    .option('--no-jobs', 'on PostgreSQL: run no jobs here, only enqueue them for `segkit worker` processes')
    .addHelpText(
      'after',
      '\nExample:\n  SEGKIT_ADMIN_EMAIL=me@example.com SEGKIT_ADMIN_PASSWORD=... segkit serve --port 8080\n' +
        '\nJobs (exports, QA snapshots) run in the server unless --no-jobs; on PostgreSQL, `segkit worker`\n' +
        'processes run them too. Job settings: SEGKIT_JOB_* and SEGKIT_WORKER_* (docs/server.md).\n',
    )
    .action(async (options: ServeCliOptions) => {
      const port = integerOption('--port', options.port, 0, 65535);
      const database = options.database ?? process.env.DATABASE_URL;
      if (options.storage !== undefined && !options.storage.startsWith('file:')) {
        throw new UsageError('--storage s3://... is not supported by this version yet; blobs live in --data');
      }
      const { startServer } = await import('@segkit/server');
      const server = await reaching(() =>
        startServer({
          data: options.data,
          ...(database === undefined ? {} : { database }),
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
      process.stderr.write(`segkit: serving on ${server.url} (data in ${options.data}${engine})\n`);
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
 * A database that cannot be reached is the operator's to fix: one line naming it, exit 1, no stack.
 * A bad job setting (SEGKIT_JOB_*, --no-jobs on SQLite) is bad usage: one line, exit 2.
 */
export async function reaching<T>(open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === 'DATABASE_UNREACHABLE')
      throw new ServerRefusal(0, code, `${String(message)} (--database or DATABASE_URL)`);
    if (code === 'BAD_SETTING') throw new UsageError(String(message));
    throw error;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
