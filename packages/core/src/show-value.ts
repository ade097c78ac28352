/**
 * How every error message shows a value read from a user's file: faithfully and briefly. JSON.stringify
 * is the wrong tool for it: it shows Infinity and NaN as `null`, `undefined` as nothing, overflows
 * the stack on a value nested a few thousand levels deep, and prints a million-element list whole.
 *
 *   showValue(Infinity)            → Infinity
 *   showValue('8')                 → "8"         (a string is quoted, so it reads apart from the number 8)
 *   showValue(undefined)           → undefined
 *   showValue([1, -Infinity, 'a']) → [1, -Infinity, "a"]
 *   showValue({ size: [3, null] }) → {"size": [3, null]}
 *   showValue(deepList)            → [[[…]]]     (three levels at most)
 *   showValue(hugeList)            → [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, …] (60 characters at most)
 *
 * Cost: bounded by `maxLength` whatever the value (it stops reading once the text is long enough).
 */

/** Characters a shown value takes at most (longer ones are cut, ending in `…`). */
const MAX_LENGTH = 60;
/** Levels of lists and objects shown; deeper ones are `[…]` and `{…}`. */
const MAX_DEPTH = 3;

/** A value from a file as an error message shows it (see the module comment). */
export function showValue(value: unknown, maxLength = MAX_LENGTH): string {
  const text = show(value, MAX_DEPTH, maxLength + 1);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

function show(value: unknown, depth: number, budget: number): string {
  switch (typeof value) {
    case 'number':
      // -0 reads as 0 in String(); keep the sign where it could matter.
      return Object.is(value, -0) ? '-0' : String(value);
    case 'string':
      return quote(value, budget);
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'symbol':
    case 'function':
      return String(typeof value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (depth === 0) return value.length === 0 ? '[]' : '[…]';
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (text.length > budget) return `${text}…`;
      text += `${i > 0 ? ', ' : ''}${show(value[i], depth - 1, budget - text.length)}`;
    }
    return `${text}]`;
  }
  if (value instanceof Uint8Array || value instanceof Uint32Array || value instanceof Float64Array) {
    return show(Array.from(value.subarray(0, budget)), depth, budget);
  }
  const entries = value as Record<string, unknown>;
  if (depth === 0) return Object.keys(entries).length === 0 ? '{}' : '{…}';
  let text = '{';
  let first = true;
  for (const key in entries) {
    if (!Object.hasOwn(entries, key)) continue;
    if (text.length > budget) return `${text}…`;
    text += `${first ? '' : ', '}${quote(key, budget)}: ${show(entries[key], depth - 1, budget - text.length)}`;
    first = false;
  }
  return `${text}}`;
}

/** A string as JSON quotes it, cut to about `budget` characters first (a 100 MB string is not copied). */
function quote(text: string, budget: number): string {
  const cut = text.length > budget ? `${text.slice(0, Math.max(budget, 1))}` : text;
  const quoted = JSON.stringify(cut);
  return cut.length < text.length ? `${quoted.slice(0, -1)}…"` : quoted;
}
