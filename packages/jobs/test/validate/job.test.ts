import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateJob } from '../../src/validate/job.js';

const square = [[0, 0, 2, 0, 2, 2, 0, 2]];

/** One 4×4 image; two annotations with the same id on the same 2×2 square: DUPLICATE_ID and OVERLAP. */
function cocoFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'segkit-validate-job-')), 'v.json');
  writeFileSync(
    path,
    JSON.stringify({
      images: [{ id: 1, height: 4, width: 4 }],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, segmentation: square, area: 4, iscrowd: 0 },
        { id: 1, image_id: 1, category_id: 1, segmentation: square, area: 4, iscrowd: 0 },
      ],
      categories: [{ id: 1, name: 'a' }],
    }),
  );
  return path;
}

describe('validateJob', () => {
  it('finds the duplicate id and the overlap of a COCO instances file, and notes the overlap as expected', async () => {
    const report = await validateJob(cocoFile());
    expect(report).toMatchObject({ from: 'coco', type: 'instance', valid: false, errors: 1, warnings: 1, hidden: 0 });
    expect(report.problems.map((p) => p.code)).toEqual(['DUPLICATE_ID', 'OVERLAP']);
    expect(report.notes).toHaveLength(1);
  });

  it('as a panoptic-type check the overlap is an error and nothing is expected', async () => {
    const report = await validateJob(cocoFile(), { type: 'panoptic' });
    expect(report.counts.find((c) => c.code === 'OVERLAP')?.severity).toBe('error');
    expect(report.notes).toEqual([]);
  });

  it('filters by code and severity but keeps "valid" for the whole data', async () => {
    const report = await validateJob(cocoFile(), { ignore: ['DUPLICATE_ID'], errorsOnly: true });
    expect(report).toMatchObject({ valid: false, errors: 0, warnings: 0, hidden: 2, problems: [] });
  });

  it('rejects with an AbortError when its signal is already aborted', async () => {
    await expect(validateJob(cocoFile(), {}, { signal: AbortSignal.abort(new Error('stop')) })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
