#!/usr/bin/env node
// Launcher: the CLI is compiled to dist/ by `npm install` (the root `prepare` script runs `tsc -b`).
import { removeTemporariesOnSignals, run } from '../dist/main.js';

// A reader that stops early (`segkit validate ... | head -1`) closes the pipe: end quietly, as `cat` does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

// Ctrl-C and SIGTERM remove the temporaries of a half-written output before exiting (130, 143).
removeTemporariesOnSignals();

process.exitCode = await run(process.argv);
