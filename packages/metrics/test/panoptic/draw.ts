/** Test helpers: panoptic images drawn as text, and a seeded PRNG. */
import type { PanopticImage, PanopticSegment } from '../../src/panoptic/index.js';

export interface DrawnSegment {
  category: number;
  crowd?: boolean;
  /** The JSON area, when it should differ from the pixel count. */
  area?: number;
}

/**
 * A panoptic image drawn as text: one line per row, cells separated by spaces, `.` is VOID and a
 * letter is a segment whose id is its character code (A = 65), listed in `segments_info` in the
 * order of `segments`, with area = its pixel count unless given.
 */
export function drawn(text: string, segments: Record<string, DrawnSegment>): PanopticImage {
  const rows = text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cells) => cells[0] !== '');
  const height = rows.length;
  const width = rows[0].length;
  const data = new Uint32Array(height * width);
  rows.forEach((cells, y) => {
    if (cells.length !== width) throw new Error(`row ${y} has ${cells.length} cells, expected ${width}`);
    cells.forEach((c, x) => {
      data[y * width + x] = c === '.' ? 0 : c.charCodeAt(0);
    });
  });
  const info: PanopticSegment[] = Object.entries(segments).map(([letter, s]) => {
    const id = letter.charCodeAt(0);
    const pixels = data.filter((v) => v === id).length;
    return { id, category_id: s.category, iscrowd: s.crowd ? 1 : 0, area: s.area ?? pixels };
  });
  return { ids: { height, width, data }, segments: info };
}

/** The seeded generator is core's mulberry32, re-exported for the tests that import it from here. */
export { mulberry32 } from '@segkit/core';
