import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { grid } from '../../../packages/core/test/properties/arbitraries.js';
import { segkit } from './run-cli.js';

const temp = () => mkdtempSync(join(tmpdir(), 'segkit-registry-'));

/** A small car (id 1) inside a road (id 2) drawn after it. */
function writeOverlap(dir: string): string {
  const rle = (text: string) => toCocoRle(encode(grid(text)));
  const file = join(dir, 'in.json');
  writeFileSync(
    file,
    JSON.stringify({
      images: [{ id: 1, file_name: 'a.jpg', height: 3, width: 3 }],
      annotations: [
        { id: 1, image_id: 1, category_id: 2, segmentation: rle('. . .\n. # .\n. . .'), iscrowd: 0 },
        { id: 2, image_id: 1, category_id: 1, segmentation: rle('# # #\n# # #\n# # #'), iscrowd: 0 },
      ],
      categories: [
        { id: 1, name: 'road' },
        { id: 2, name: 'car' },
      ],
    }),
  );
  return file;
}

describe('segkit convert through the format registry', () => {
  it('--overlap smaller-on-top keeps the small object and names the one that lost pixels', () => {
    const dir = temp();
    const run = segkit('convert', writeOverlap(dir), join(dir, 'png'), '--to', 'png', '--overlap', 'smaller-on-top');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('annotation 1 (id 2) in a.jpg: 1 px went to another object (smaller annotation wins)');
    expect(readdirSync(join(dir, 'png')).sort()).toEqual(['a.png', 'classes.json']);
  });

  it('an unknown --overlap or --to is a usage error naming the valid values', () => {
    const dir = temp();
    const input = writeOverlap(dir);
    const overlap = segkit('convert', input, join(dir, 'png'), '--to', 'png', '--overlap', 'biggest');
    expect(overlap.status).toBe(2);
    expect(overlap.stderr).toMatch(/--overlap must be last, first, smaller-on-top, got "biggest"/);
    const to = segkit('convert', input, join(dir, 'out'), '--to', 'tiff');
    expect(to.status).toBe(2);
    expect(to.stderr).toMatch(/--to tiff is not a format; use one of coco-panoptic, coco-results, /);
  });

  it('a folder whose format cannot be told asks for --from (usage, exit 2)', () => {
    const dir = temp();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const run = segkit('convert', dir, join(dir, 'out.json'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/cannot tell the format of .*; pass --from/);
  });
});
