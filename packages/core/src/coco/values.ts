/* Type guards for values read from parsed JSON, shared by the COCO checker and loadRes. */

export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export const isCocoId = (value: unknown): value is number | string =>
  typeof value === 'number' || typeof value === 'string';

/** `[x, y, w, h]` of finite numbers. */
export function isBox(value: unknown): value is [number, number, number, number] {
  return Array.isArray(value) && value.length === 4 && value.every(isFiniteNumber);
}
