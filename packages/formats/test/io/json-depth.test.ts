import { isSegkitError, type SegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { jsonDepthExceeded, jsonPathAt, MAX_JSON_DEPTH } from '../../src/io/json-depth.js';
import { parseJson } from '../../src/io/source-files.js';

const deep = (levels: number, inner = '1') => `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}`;

function refusal(text: string): SegkitError {
  try {
    parseJson(text, 'in.json');
  } catch (error) {
    if (isSegkitError(error)) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('jsonDepthExceeded', () => {
  it('jsonDepthExceeded gives the offset of the bracket that opens level max + 1, or -1', () => {
    expect(jsonDepthExceeded('[[1]]', 2)).toBe(-1);
    expect(jsonDepthExceeded('[[[1]]]', 2)).toBe(2);
    expect(jsonDepthExceeded('{"a":[{"b":1}]}', 3)).toBe(-1);
    expect(jsonDepthExceeded('{"a":[{"b":[]}]}', 3)).toBe(11);
  });

  it('jsonDepthExceeded ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeded('["[[[[", "\\"[[[[", "\\\\"]', 1)).toBe(-1);
    expect(jsonDepthExceeded('{"k\\"[[": "{{{{"}', 1)).toBe(-1);
  });
});

describe('jsonPathAt', () => {
  it('jsonPathAt names the value that holds the offset, from the root, three steps at most', () => {
    const text = '{"images": [], "annotations": [{"id": 1}, {"attributes": {"x y": [[[0]]]}}]}';
    expect(jsonPathAt(text, text.indexOf('[[['))).toBe('annotations[1].attributes…');
    expect(jsonPathAt(text, text.indexOf('[[['), 5)).toBe('annotations[1].attributes["x y"]');
    expect(jsonPathAt('[[1]]', 1)).toBe('[0]');
    expect(jsonPathAt('[1]', 0)).toBe('the document');
  });
});

describe('parseJson', () => {
  it(`parseJson reads JSON nested ${MAX_JSON_DEPTH} levels deep`, () => {
    expect(parseJson(deep(MAX_JSON_DEPTH), 'in.json')).toBeTypeOf('object');
  });

  it('parseJson refuses JSON nested 100,000 levels deep with INVALID_JSON naming the file, the path and the line', () => {
    const error = refusal(`{"images": [],\n "info": ${deep(100_000)}}`);
    expect(error.code).toBe('INVALID_JSON');
    expect(error.message).toBe(
      'in.json: info.a.a…: nested more than 1,000 levels deep (line 2); segkit reads JSON nested at most 1,000 levels',
    );
  });

  it('parseJson refuses a list of lists 1,001 deep at the top and keeps its malformed-JSON message', () => {
    expect(refusal(`${'['.repeat(1001)}${']'.repeat(1001)}`).message).toMatch(
      /^in\.json: \[0\]\[0\]\[0\]…: nested more than 1,000/,
    );
    const malformed = refusal('{"a": [1,');
    expect(malformed.code).toBe('INVALID_JSON');
    expect(malformed.message).toMatch(/^in\.json: malformed JSON: /);
  });
});
