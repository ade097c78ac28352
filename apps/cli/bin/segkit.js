#!/usr/bin/env node
// Launcher: the CLI is compiled to dist/ by `npm install` (the root `prepare` script runs `tsc -b`).
import { run } from '../dist/main.js';

// A reader that stops early (`segkit validate ... | head -1`) closes the pipe: end quietly, as `cat` does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

process.exitCode = await run(process.argv);
