import { isSegkitError } from '@segkit/core';

/** Exit statuses shared by every verb (see ../shared/docs/cli.md). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A bad command line (unknown format, missing flag): exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on that is not in their data (a store that cannot be reached): exit 1. */
export class CliFailure extends Error {
  override name = 'CliFailure';
  readonly code: string;

  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Prints an error as one line on stderr and returns the exit status: located SegkitErrors are the
 * user's data ("segkit: in.json: annotation 3 (id 7): ..."), anything else is a bug and keeps its stack.
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (error instanceof UsageError) {
    stderr.write(`segkit: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (isSegkitError(error) || error instanceof CliFailure) {
    stderr.write(`segkit: ${error.message} [${error.code}]\n`);
    return EXIT_FAILURE;
  }
  // The server's refusals (its ApiError: a 4xx status and a code), from `user create` and friends.
  const refusal = error as { status?: unknown; code?: unknown; message?: unknown };
  if (typeof refusal.status === 'number' && refusal.status < 500 && typeof refusal.code === 'string') {
    stderr.write(`segkit: ${String(refusal.message)} [${refusal.code}]\n`);
    return EXIT_FAILURE;
  }
  stderr.write(`segkit: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT_FAILURE;
}

export type OutputFormat = 'text' | 'json';

export function parseOutputFormat(value: string): OutputFormat {
  if (value === 'text' || value === 'json') return value;
  throw new UsageError(`--format must be text or json, got ${JSON.stringify(value)}`);
}
