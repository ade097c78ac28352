import { describe, expect, it } from 'vitest';
import { nulPath } from '../src/nul-text.js';

describe('nulPath', () => {
  it('names the first string or key holding U+0000, and nothing for clean values', () => {
    expect(nulPath({ name: 'a\u0000b' }, 'body')).toBe('body.name');
    expect(nulPath({ a: [1, { b: 'x' }, { 'c d': ['y', 'z\u0000'] }] }, 'body')).toBe('body.a[2]."c d"[1]');
    expect(nulPath({ 'k\u0000': 1 }, 'query')).toBe('query."k\\u0000"');
    expect(nulPath('\u0000', 'path')).toBe('path');
    expect(nulPath({ a: [1, 2, null, true, { b: 'x\\u0000' }], c: 'd' }, 'body')).toBeUndefined();
    expect(nulPath(undefined, 'body')).toBeUndefined();
  });
});
