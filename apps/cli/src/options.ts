import { DEFAULT_LIMITS, LIMIT_FLAGS, type LimitName, type Limits } from '@segkit/core';
import type { Command } from 'commander';
import { UsageError } from './report.js';

/** Flag parsers shared by every verb: each names the flag and the value it rejects (exit status 2). */

/** A whole number in [min, max] from a flag. */
export function integerOption(flag: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min}..${max}`;
    throw new UsageError(`${flag} must be an integer ${range}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** A share in [0, 1] from a flag. */
export function shareOption(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`${flag} must be a number from 0 to 1, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** A finite number in [min, max] from a flag. */
export function numberOption(flag: string, value: string, min: number, max = Number.MAX_VALUE): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    const range = max === Number.MAX_VALUE ? `at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`${flag} must be a number ${range}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** One of a fixed list of words from a flag. */
export function choiceOption<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be ${choices.join(', ')}, got ${JSON.stringify(value)}`);
}

/** `--threads N`: undefined (automatic) when not given. */
export function threadsOption(value: string | undefined): number | undefined {
  return value === undefined ? undefined : integerOption('--threads', value, 1, 64);
}

/** `--ignore-index N`: the class-index value of unlabelled pixels (any 16-bit value). */
export function ignoreIndexOption(value: string): number {
  return integerOption('--ignore-index', value, 0, 65535);
}

/** `--format`: how a verb prints its result. */
export function formatOption<T extends string>(value: string, choices: readonly T[]): T {
  return choiceOption('--format', value, choices);
}

/** A flag that does nothing in the given combination is an error, not silently ignored. */
export function refuseFlag(given: boolean, flag: string, why: string): void {
  if (given) throw new UsageError(`${flag} ${why}`);
}

/** A comma-separated list of problem codes (`--ignore OVERLAP,BBOX`): upper-case words. */
export function codesOption(flag: string, value: string): string[] {
  const codes = value.split(',').map((code) => code.trim());
  const bad = codes.find((code) => !/^[A-Z][A-Z0-9_]*$/.test(code));
  if (bad !== undefined) {
    throw new UsageError(`${flag} takes problem codes such as OVERLAP,BBOX, got ${JSON.stringify(bad)}`);
  }
  return codes;
}

/** What every `--classes FILE` says about numbering (see parseClassNames). */
export const CLASSES_HELP =
  'class names: one per line, numbered from 0 (a first line "# first id: 1" numbers them from 1; "ID NAME" lines give the ids), or a JSON list';

/*
 * Resource limits (core's limits.ts): `--max-pixels N` and its three siblings, on every verb that
 * reads or writes datasets, each also read from its environment variable; the flag wins. A value that
 * is not a whole number ≥ 1 is bad usage, named by the flag or the variable it came from.
 */

/** The limit flags as commander stores them. */
export interface LimitFlagValues {
  maxPixels?: string;
  maxClasses?: string;
  maxPolygonVertices?: string;
  maxFileBytes?: string;
}

/** Which commander property holds each limit's flag (the flag names come from core's LIMIT_FLAGS). */
const LIMIT_PROPERTIES: Readonly<Record<LimitName, keyof LimitFlagValues>> = {
  maxPixels: 'maxPixels',
  maxClasses: 'maxClasses',
  maxVertices: 'maxPolygonVertices',
  maxFileBytes: 'maxFileBytes',
};

const LIMIT_HELP: Readonly<Record<LimitName, string>> = {
  maxPixels: 'refuse an image, mask or label map of more pixels (height × width)',
  maxClasses: 'refuse more classes (--num-classes, colour tables, class lists)',
  maxVertices: 'refuse a polygon (one ring) of more vertices',
  maxFileBytes: 'refuse an input file of more bytes',
};

/** Adds the four limit flags to a verb, each with its default and environment variable in the help. */
export function limitFlags(command: Command): Command {
  for (const name of Object.keys(LIMIT_FLAGS) as LimitName[]) {
    const { flag, env } = LIMIT_FLAGS[name];
    command.option(
      `${flag} <n>`,
      `${LIMIT_HELP[name]} (default ${DEFAULT_LIMITS[name].toLocaleString('en-US')}; also ${env})`,
    );
  }
  return command;
}

/** The limits a verb runs under: each flag, else its environment variable, else core's default. */
export function limitsOption(values: LimitFlagValues, env: NodeJS.ProcessEnv = process.env): Limits {
  const limits: { -readonly [K in LimitName]: number } = { ...DEFAULT_LIMITS };
  for (const name of Object.keys(LIMIT_FLAGS) as LimitName[]) {
    const { flag, env: variable } = LIMIT_FLAGS[name];
    const given = values[LIMIT_PROPERTIES[name]];
    const fromEnv = env[variable];
    if (given !== undefined) limits[name] = integerOption(flag, given, 1);
    else if (fromEnv !== undefined && fromEnv !== '') limits[name] = integerOption(variable, fromEnv, 1);
  }
  return limits;
}
