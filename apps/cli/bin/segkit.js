#!/usr/bin/env node
// Launcher: the CLI is compiled to dist/ by `npm install` (the root `prepare` script runs `tsc -b`).
import { run } from '../dist/main.js';

process.exitCode = await run(process.argv);
