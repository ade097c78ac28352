/**
 * Where a request's parsed JSON or query holds U+0000, if anywhere. PostgreSQL's `text` cannot hold
 * it (SQLite's can), so the server refuses it at the door on every engine and both answer alike
 * (JSON columns are unaffected: JSON.stringify writes it as the six characters `\u0000`).
 *
 * nulPath({ name: 'a\u0000b' }, 'body') → 'body.name'; nulPath({ tags: ['x', '\u0000'] }, 'body') →
 * 'body.tags[1]'. Cost: one scan of every string (indexOf), no copies.
 */
export function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.indexOf('\u0000') === -1 ? undefined : path;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const found =
      key.indexOf('\u0000') !== -1
        ? `${path}.${JSON.stringify(key)}`
        : nulPath((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
