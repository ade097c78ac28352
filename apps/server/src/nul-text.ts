/**
 * Where a request's parsed JSON or query holds U+0000, if anywhere. PostgreSQL's `text` cannot hold
 * it (SQLite's can), so the server refuses it at the door on every engine and both answer alike
 * (JSON columns are unaffected: JSON.stringify writes it as the six characters `\u0000`).
 *
 * nulPath({ name: 'a\u0000b' }, 'body') → 'body.name'; nulPath({ tags: ['x', '\u0000'] }, 'body') →
 * 'body.tags[1]'. Cost: one indexOf per string and key; the path is built only for a hit.
 */
export function nulPath(value: unknown, root: string): string | undefined {
  const trail = find(value);
  if (trail === undefined) return undefined;
  let path = root;
  for (let i = trail.length - 1; i >= 0; i--) {
    const step = trail[i] as string | number;
    path +=
      typeof step === 'number' ? `[${step}]` : `.${/^[A-Za-z_$][\w$]*$/.test(step) ? step : JSON.stringify(step)}`;
  }
  return path;
}

/** The steps to the first string or key holding U+0000, innermost first. */
function find(value: unknown): Array<string | number> | undefined {
  if (typeof value === 'string') return value.indexOf('\u0000') === -1 ? undefined : [];
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'string' && (typeof item !== 'object' || item === null)) continue;
      const trail = find(item);
      if (trail !== undefined) return [...trail, i];
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key.indexOf('\u0000') !== -1) return [key];
    const trail = find((value as Record<string, unknown>)[key]);
    if (trail !== undefined) return [...trail, key];
  }
  return undefined;
}
