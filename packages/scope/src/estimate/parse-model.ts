/**
 * Reads a user's cost-model JSON (all of it or only the fields to change; the rest keeps the
 * defaults) and checks it where it enters: an unknown key is named with the closest valid one, a
 * negative or non-numeric value with its path, ratios out of order with their values.
 *
 *   {"ratios": {"polygon": {"low": 2, "expected": 3, "high": 4}}}   → defaults, polygon 2–4×
 *   {"ratio": {...}}   → CostModelError: unknown key "ratio" (did you mean 'ratios'?)
 */
import { SegkitError, showValue } from '@segkit/core';
import { didYouMean } from './closest.js';
import { ANNOTATION_TYPES, type CostModel, DEFAULT_COST_MODEL } from './model.js';

/** A cost-model file that cannot be used; `path` names the field ("ratios.polygon.low"). */
export class CostModelError extends SegkitError {
  readonly path: string;
  constructor(path: string, message: string) {
    super('INVALID_JSON', path === '' ? message : `${path}: ${message}`);
    this.name = 'CostModelError';
    this.path = path;
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Merges `value` onto `base` (same shape), checking every key and number on the way. */
function merge(base: Json, value: unknown, path: string): Json {
  if (!isObject(value)) {
    throw new CostModelError(path, `must be an object like the default, got ${showValue(value)}`);
  }
  const out: Json = { ...base };
  const known = Object.keys(base);
  for (const [key, given] of Object.entries(value)) {
    const where = path === '' ? key : `${path}.${key}`;
    if (!(key in base)) {
      const place = path === '' ? 'at the top level' : `in "${path}"`;
      throw new CostModelError(
        '',
        `unknown key "${key}" ${place}${didYouMean(key, known)}; valid keys: ${known.join(', ')}`,
      );
    }
    const expected = base[key];
    if (typeof expected === 'number') {
      if (typeof given !== 'number' || !Number.isFinite(given)) {
        throw new CostModelError(where, `must be a number, got ${showValue(given)}`);
      }
      if (given < 0) throw new CostModelError(where, `must not be negative, got ${given}`);
      out[key] = given;
    } else {
      out[key] = merge(expected as Json, given, where);
    }
  }
  return out;
}

/** Checks what a merged model must satisfy beyond its shape. */
export function checkCostModel(model: CostModel): CostModel {
  for (const type of ANNOTATION_TYPES) {
    const { low, expected, high } = model.ratios[type];
    if (low > expected || expected > high) {
      throw new CostModelError(
        `ratios.${type}`,
        `must have low ≤ expected ≤ high, got low ${low}, expected ${expected}, high ${high}`,
      );
    }
    if (low <= 0) throw new CostModelError(`ratios.${type}.low`, `must be above 0, got ${low}`);
  }
  for (const [measure, value] of Object.entries(model.reference)) {
    if (value <= 0) throw new CostModelError(`reference.${measure}`, `must be above 0, got ${value}`);
  }
  const { min, max } = model.factorRange;
  if (min <= 0 || min > max) {
    throw new CostModelError('factorRange', `must have 0 < min ≤ max, got min ${min}, max ${max}`);
  }
  if (model.fixedShare > 1) throw new CostModelError('fixedShare', `must be at most 1, got ${model.fixedShare}`);
  if (model.rare.share > 1) throw new CostModelError('rare.share', `must be at most 1, got ${model.rare.share}`);
  return model;
}

/** A cost model from parsed JSON, on top of `base` (default: DEFAULT_COST_MODEL). */
export function parseCostModel(value: unknown, base: CostModel = DEFAULT_COST_MODEL): CostModel {
  return checkCostModel(merge(base as unknown as Json, value, '') as unknown as CostModel);
}
