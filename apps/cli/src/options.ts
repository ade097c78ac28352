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
