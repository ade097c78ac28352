import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segkit } from './run-cli.js';

const square = [[0, 0, 2, 0, 2, 2, 0, 2]];
/** One 4×4 image; two annotations with the same id on the same 2×2 square: one error, one warning. */
const dataset = {
  images: [{ id: 1, height: 4, width: 4, file_name: 'a.png' }],
  annotations: [
    { id: 1, image_id: 1, category_id: 1, segmentation: square, area: 4, iscrowd: 0 },
    { id: 1, image_id: 1, category_id: 1, segmentation: square, area: 4, iscrowd: 0 },
  ],
  categories: [{ id: 1, name: 'a' }],
};

function file(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'segkit-validate-')), 'v.json');
  writeFileSync(path, JSON.stringify(dataset));
  return path;
}

describe('segkit validate filters', () => {
  it('lists the error first, then the warning, with a note that COCO instances may overlap', () => {
    const result = segkit('validate', file());
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error DUPLICATE_ID .*annotation id 1 appears more than once$/);
    expect(lines[1]).toMatch(
      /^warning OVERLAP .*shares 4 pixels with earlier annotations of image id 1, among them annotation 0 \(id 1\)$/,
    );
    expect(lines[2]).toMatch(
      /^note: 1 OVERLAP warning expected: COCO instances may overlap .*\(--ignore OVERLAP hides them\)$/,
    );
    expect(lines[3]).toBe('1 error, 1 warning');
  });

  it('--errors-only leaves out the warning and says so', () => {
    const result = segkit('validate', file(), '--errors-only');
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('warning OVERLAP');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      '1 error, 0 warnings (1 left out by --ignore / --errors-only)',
    );
  });

  it('--ignore DUPLICATE_ID,OVERLAP shows nothing and exits 0; the JSON still says the data is not valid', () => {
    const text = segkit('validate', file(), '--ignore', 'DUPLICATE_ID,OVERLAP');
    expect(text.status).toBe(0);
    expect(text.stdout).toBe('0 errors, 0 warnings (2 left out by --ignore / --errors-only)\n');
    const json = segkit('validate', file(), '--ignore', 'OVERLAP', '--format', 'json');
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ valid: false, errors: 1, warnings: 0, hidden: 1, notes: [] });
    expect(report.counts).toEqual([{ code: 'DUPLICATE_ID', severity: 'error', count: 1 }]);
  });

  it('--max-listed 0 lists no problem but counts every one', () => {
    const result = segkit('validate', file(), '--max-listed', '0');
    expect(result.stdout).toContain('... and 1 more error DUPLICATE_ID (--max-listed)');
    expect(result.stdout).toContain('... and 1 more warning OVERLAP (--max-listed)');
    expect(result.stdout).not.toMatch(/^error /m);
  });

  it.each([
    [['--ignore', 'overlap'], '--ignore takes problem codes such as OVERLAP,BBOX, got "overlap"'],
    [['--ignore-index', 'abc'], '--ignore-index must be an integer 0..65535, got "abc"'],
  ])('bad usage %j exits 2 with one line', (flags, message) => {
    const result = segkit('validate', file(), ...flags);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`segkit: ${message}\n`);
  });
});
