/**
 * The `segkit` command: one program, one verb per job (see ../shared/docs/cli.md). Every verb prints
 * a human summary by default and exactly one JSON object with `--format json`; errors are one line
 * on stderr, exit status 1 for bad data and 2 for bad usage.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerConvert } from './commands/convert.js';
import { registerEstimate } from './commands/estimate.js';
import { registerEval } from './commands/eval.js';
import { registerProject } from './commands/project.js';
import { registerSample } from './commands/sample.js';
import { registerScope } from './commands/scope.js';
import { registerServe, registerUser } from './commands/serve.js';
import { registerValidate } from './commands/validate.js';
import { registerWorker } from './commands/worker.js';
import { EXIT_OK, EXIT_USAGE, reportError } from './report.js';

export { removeTemporariesOnSignals } from './signals.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export function buildProgram(): Command {
  const program = new Command('segkit')
    .description('exact, fast pixel-level segmentation annotation: formats, metrics, scoping')
    .version(version)
    .exitOverride()
    // Bad usage is one line on stderr, as every other error; `--help` shows the rest.
    .configureOutput({
      outputError: (message, write) => write(`segkit: ${message.replace(/^error: /, '').trimEnd()} (see --help)\n`),
    });
  program.addHelpText(
    'after',
    `
Every verb that reads or writes datasets refuses, with code LIMIT, an image of more than
--max-pixels N pixels (default 2^28), more than --max-classes N classes (65,536), a polygon of more
than --max-polygon-vertices N vertices (2^20) and an input file of more than --max-file-bytes N bytes
(2^31); each is also an environment variable (SEGKIT_MAX_PIXELS, ...). See docs/limits.md.`,
  );
  registerConvert(program);
  registerValidate(program);
  registerEval(program);
  registerSample(program);
  registerEstimate(program);
  registerScope(program);
  registerServe(program);
  registerWorker(program);
  registerUser(program);
  registerProject(program);
  return program;
}

/** Runs the CLI on `argv` (as process.argv) and returns the exit status. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv]);
    // A verb that found problems in the data (validate) sets process.exitCode itself.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version "errors" are successes; everything else commander raises is usage.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    return reportError(error);
  }
}
