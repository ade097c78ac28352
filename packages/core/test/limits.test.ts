import { describe, expect, it } from 'vitest';
import { checkLimit, checkPixelLimit, DEFAULT_LIMITS, LimitError, resolveLimits, SegkitError } from '../src/index.js';

describe('limits', () => {
  it('checkPixelLimit accepts 2^28 pixels and refuses one more row, naming the limit and how to raise it', () => {
    expect(() => checkPixelLimit(16384, 16384, undefined, 'image 1')).not.toThrow();
    let thrown: unknown;
    try {
      checkPixelLimit(16384, 16385, undefined, 'image 1');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LimitError);
    expect(thrown).toBeInstanceOf(SegkitError);
    const error = thrown as LimitError;
    expect(error.code).toBe('LIMIT');
    expect(error.limit).toBe('maxPixels');
    expect(error.actual).toBe(16384 * 16385);
    expect(error.max).toBe(268435456);
    expect(error.message).toBe(
      'image 1 (16384×16385) has 268,451,840 pixels, over the limit of 268,435,456 pixels per image; raise it with --max-pixels N or SEGKIT_MAX_PIXELS',
    );
  });

  it('checkPixelLimit uses the caller’s limit', () => {
    expect(() => checkPixelLimit(10, 10, { maxPixels: 99 }, 'the PNG header')).toThrow(
      /100 pixels, over the limit of 99/,
    );
    expect(() => checkPixelLimit(10, 10, { maxPixels: 100 }, 'the PNG header')).not.toThrow();
  });

  it('withContext keeps the sentence and the fields, with the file in front once', () => {
    const error = new LimitError('maxClasses', 1e9, 65536, '--num-classes').withContext('gt/');
    expect(error).toBeInstanceOf(LimitError);
    expect(error.limit).toBe('maxClasses');
    expect(error.message).toBe(
      'gt/: --num-classes has 1,000,000,000 classes, over the limit of 65,536 classes; raise it with --max-classes N or SEGKIT_MAX_CLASSES',
    );
    expect(error.withContext('x').message.startsWith('x: gt/: --num-classes')).toBe(true);
  });

  it('checkLimit compares against the named limit', () => {
    expect(() => checkLimit('maxVertices', 2 ** 20, undefined, 'polygon')).not.toThrow();
    expect(() => checkLimit('maxVertices', 2 ** 20 + 1, undefined, 'polygon')).toThrow(LimitError);
  });

  it('resolveLimits fills defaults and ignores values that are not positive numbers', () => {
    expect(resolveLimits(undefined)).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ maxPixels: 5, maxClasses: Number.NaN, maxVertices: -1 })).toEqual({
      ...DEFAULT_LIMITS,
      maxPixels: 5,
    });
  });
});
