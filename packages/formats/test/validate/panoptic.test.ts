import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSource as disk, writePng } from '@segkit/jobs';
import { describe, expect, it } from 'vitest';
import { segmentIdsToPng, validatePanoptic } from '../../src/index.js';

describe('validatePanoptic', () => {
  it('names unlisted PNG ids, duplicate and unknown segments, wrong areas, and a PNG of the wrong size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segkit-vpan-'));
    // 2×3 image: ids 5 5 0 / 6 6 9 (9 is not listed).
    await writePng(
      join(dir, 'a.png'),
      segmentIdsToPng({ height: 2, width: 3, data: Uint32Array.from([5, 5, 0, 6, 6, 9]) }),
    );
    await writePng(join(dir, 'b.png'), segmentIdsToPng({ height: 1, width: 1, data: Uint32Array.from([0]) }));
    const doc = {
      images: [
        { id: 1, height: 2, width: 3 },
        { id: 2, height: 2, width: 2 },
      ],
      categories: [{ id: 1, name: 'thing', isthing: 1 }],
      annotations: [
        {
          image_id: 1,
          file_name: 'a.png',
          segments_info: [
            { id: 5, category_id: 1, area: 2, bbox: [0, 0, 2, 1] },
            { id: 6, category_id: 3, area: 3, bbox: [0, 1, 2, 1] },
            { id: 6, category_id: 1, area: 2 },
            { id: 7, category_id: 1, area: 0 },
          ],
        },
        { image_id: 2, file_name: 'b.png', segments_info: [] },
      ],
    };
    const problems = (await validatePanoptic(doc, await disk(dir), '.', 'pan.json')).problems.map(
      (p) => `${p.severity} ${p.code}`,
    );
    expect(problems.sort()).toEqual(
      [
        'error DUPLICATE_ID',
        'error UNKNOWN_CATEGORY',
        'error UNLISTED_SEGMENT',
        'error AREA',
        'warning EMPTY_SEGMENT',
        'error MASK_SIZE',
      ].sort(),
    );
  });
});
