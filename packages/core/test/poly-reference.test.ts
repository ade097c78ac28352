import { describe, expect, it } from 'vitest';
import {
  area,
  bbox,
  bboxToRle,
  polygonToRle,
  rleToString,
  SegkitError,
  segmentationToCocoRle,
  segmentationToRle,
} from '../src/index.js';
import { expectSameArray, loadFixture } from './fixtures.js';

interface PolyCase {
  id: string;
  family: string;
  h: number;
  w: number;
  polygons: number[][];
  parts_rle: string[];
  parts_area: number[];
  rle: string;
  area: number;
  bbox: number[];
  counts: number[];
}
interface BoxCase {
  id: string;
  h: number;
  w: number;
  boxes: number[][];
  rle: string[];
  area: number[];
  bbox: number[][];
}
interface ErrorCase {
  input: unknown;
  h: number;
  w: number;
  what: string;
}

const fixture = loadFixture<{ cases: PolyCase[]; bbox: BoxCase[]; errors: ErrorCase[] }>('poly.json');

describe('poly.json (pycocotools frPyObjects + merge)', () => {
  it.each(fixture.cases.map((c) => [`${c.id} ${c.family}`, c] as const))(
    '%s: every part and the merged annotation rasterize to pycocotools counts',
    (_name, c) => {
      c.polygons.forEach((part, i) => {
        const rle = polygonToRle(part, c.h, c.w, i === 0 ? 3 : 2);
        expect(rleToString(rle), `part ${i}`).toBe(c.parts_rle[i]);
        expect(area(rle), `part ${i} area`).toBe(c.parts_area[i]);
      });
      const merged = segmentationToRle(c.polygons, c.h, c.w);
      expectSameArray(merged.counts, c.counts, 'merged counts');
      expect(segmentationToCocoRle(c.polygons, c.h, c.w)).toEqual({ size: [c.h, c.w], counts: c.rle });
      expect(area(merged)).toBe(c.area);
      expect(bbox(merged)).toEqual(c.bbox);
    },
  );

  it.each(fixture.bbox.map((c) => [c.id, c] as const))('boxes %s rasterize as frBbox does', (_name, c) => {
    c.boxes.forEach((box, i) => {
      const rle = bboxToRle(box, c.h, c.w);
      expect(rleToString(rle), `box ${i} ${box}`).toBe(c.rle[i]);
      expect(area(rle)).toBe(c.area[i]);
      expect(bbox(rle)).toEqual(c.bbox[i]);
    });
  });

  it.each(fixture.errors.map((c) => [c.what, c] as const))('rejects what pycocotools rejects: %s', (_name, c) => {
    expect(() => segmentationToRle(c.input, c.h, c.w)).toThrow(SegkitError);
  });
});
