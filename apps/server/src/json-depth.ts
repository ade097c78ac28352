/**
 * How deeply a JSON text nests, checked before it is parsed: the server's own walks over a parsed
 * body (validation, the NUL check) recurse per level, and a body of 100,000 `[` (200 KB, well under
 * the body limit) overflowed the stack into a 500. No request the API defines nests past a dozen
 * levels; past `max` the body is refused with the offset of the bracket that went too deep.
 *
 * jsonTooDeep('{"a": [[1]]}', 2) → 7 (the second `[`); jsonTooDeep('[1, "[[["]', 2) → undefined
 * (brackets inside strings do not count). Cost: one pass over the text's char codes, no allocation.
 */
export function jsonTooDeep(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character (\" and \\ included)
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}
