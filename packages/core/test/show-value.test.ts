import { describe, expect, it } from 'vitest';
import { LimitError, SegkitError, showValue } from '../src/index.js';

describe('showValue', () => {
  it('showValue shows numbers as JavaScript prints them: Infinity, -Infinity and NaN, not null', () => {
    expect([Infinity, -Infinity, Number.NaN, 1e300, -0, 2.5, 4e9].map((v) => showValue(v))).toEqual([
      'Infinity',
      '-Infinity',
      'NaN',
      '1e+300',
      '-0',
      '2.5',
      '4000000000',
    ]);
  });

  it('showValue quotes strings, so "8" reads apart from 8, and names undefined, null and booleans', () => {
    expect([
      showValue('8'),
      showValue(8),
      showValue('a"b'),
      showValue(undefined),
      showValue(null),
      showValue(true),
    ]).toEqual(['"8"', '8', '"a\\"b"', 'undefined', 'null', 'true']);
  });

  it('showValue shows lists and objects with their values as shown alone', () => {
    expect(showValue([1, Infinity, 'x', null, undefined])).toBe('[1, Infinity, "x", null, undefined]');
    expect(showValue({ size: [3, Number.NaN], counts: '0' })).toBe('{"size": [3, NaN], "counts": "0"}');
    expect(showValue([])).toBe('[]');
    expect(showValue({})).toBe('{}');
  });

  it('showValue stops three levels down, so a value nested 100,000 deep costs nothing (JSON.stringify overflows the stack)', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(showValue(deep)).toBe('[[[[…]]]]');
    expect(showValue({ a: { b: { c: { d: 1 } } } })).toBe('{"a": {"b": {"c": {…}}}}');
  });

  it('showValue cuts what is longer than 60 characters (or the length asked) with an ellipsis, and reads no further', () => {
    const long = new Array(10_000_000).fill(0);
    const shown = showValue(long);
    expect(shown).toHaveLength(60);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown.startsWith('[0, 0, 0')).toBe(true);
    expect(showValue('x'.repeat(1000), 10)).toBe('"xxxxxxxx…');
  });
});

describe('SegkitError.withContext', () => {
  it('withContext names a place once: locating an error where it already is changes nothing', () => {
    const error = new SegkitError('INVALID_DATASET', 'bad', ['a.json', 'image 0']);
    expect(error.withContext('a.json')).toBe(error);
    expect(error.withContext('a.json').message).toBe('a.json: image 0: bad');
    expect(error.withContext('in').message).toBe('in: a.json: image 0: bad');
    // A place given in one piece ("a.json: shape 0") counts too.
    const joined = new SegkitError('INVALID_POLYGON', 'bad', ['a.json: shape 0']);
    expect(joined.withContext('a.json').message).toBe('a.json: shape 0: bad');
    const limit = new LimitError('maxPixels', 9, 4, 'x').withContext('a.json');
    expect(limit.withContext('a.json').message).toBe(limit.message);
  });
});
