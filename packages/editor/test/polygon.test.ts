import { readFileSync } from 'node:fs';
import { decode, polygonToRle, rleToString } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { grid, gridOf, TestEditor } from './test-editor.js';

interface PolyCase {
  id: string;
  family: string;
  h: number;
  w: number;
  polygons: number[][];
  rle: string;
  area: number;
}

// pycocotools frPyObjects reference vectors (copied into core's fixtures from shared/fixtures/reference).
const reference = JSON.parse(readFileSync(new URL('../../core/test/fixtures/poly.json', import.meta.url), 'utf8')) as {
  cases: PolyCase[];
};

/**
 * Draws and closes a polygon, then ends its editing (Escape), so the next click starts a new one
 * even near this one's edges. (A polygon that paints nothing is not editable: Enter leaves it idle.)
 */
function drawPolygon(editor: TestEditor, xy: readonly number[], close: 'enter' | 'cut' = 'enter'): void {
  for (let i = 0; i < xy.length; i += 2) editor.click(xy[i], xy[i + 1]);
  editor.key('Enter', { shift: close === 'cut' });
  editor.key('Escape').expectPathToBe('root.polygon.idle');
}

describe('polygon tool', () => {
  it('a click starts drawing; Enter closes and fills the pycocotools pixels', () => {
    const editor = new TestEditor('semantic', 8, 6);
    editor.key('p').expectPathToBe('root.polygon.idle');
    editor.click(1, 1).expectPathToBe('root.polygon.drawing');
    editor.click(6, 1).click(6, 5);
    expect(editor.polygonVertices.length / 2).toBe(3);
    editor.key('Enter').expectPathToBe('root.polygon.editing');
    // Pixel centres inside the triangle (1,1)-(6,1)-(6,5), as frPyObjects decides.
    const expected = decode(polygonToRle([1, 1, 6, 1, 6, 5], 6, 8)).data;
    expect(editor.viewGrid()).toBe(gridOf(expected, 8, 6));
    // Row 1 (centres y = 1.5): the edge (1,1)-(6,5) is at x = 1.625, so centres 2.5..5.5 are in.
    editor.expectView(`
      ........
      ..1111..
      ...111..
      ....11..
      .....1..
      ........`);
  });

  it('a click within 4 CSS pixels of the first vertex closes it; the distance scales with the zoom', () => {
    const editor = new TestEditor('semantic', 10, 10);
    editor.key('p');
    editor.click(1, 1).click(8, 1).click(8, 8);
    editor.click(1 + 2.8, 1 + 2.8); // 3.96 CSS pixels away at zoom 1: closes
    editor.expectPathToBe('root.polygon.editing');
    expect(editor.document.toSegments()).toHaveLength(1);

    const zoomed = new TestEditor('semantic', 10, 10);
    zoomed.zoom = 8;
    zoomed.key('p');
    zoomed.click(1, 1).click(8, 1).click(8, 8);
    zoomed.click(1.6, 1); // 4.8 CSS pixels at zoom 8: a new vertex
    zoomed.expectPathToBe('root.polygon.drawing');
    expect(zoomed.polygonVertices.length / 2).toBe(4);
    zoomed.click(1.4, 1.2); // 3.58 CSS pixels: closes
    zoomed.expectPathToBe('root.polygon.editing');
    expect(zoomed.document.toSegments()).toHaveLength(1);
  });

  it('Enter with fewer than 3 vertices keeps drawing; Escape drops the polygon; Backspace removes a vertex', () => {
    const editor = new TestEditor('semantic', 6, 6);
    editor.key('p');
    editor.click(1, 1).click(5, 1);
    editor.key('Enter').expectPathToBe('root.polygon.drawing');
    editor.key('Backspace');
    expect(editor.polygonVertices).toEqual([1, 1]);
    editor.key('z', { ctrl: true }).expectPathToBe('root.polygon.idle');
    editor.click(1, 1).click(5, 1).click(5, 5);
    editor.key('Escape').expectPathToBe('root.polygon.idle');
    expect(editor.document.history.undoCount).toBe(0);
    editor.expectView('......\n......\n......\n......\n......\n......');
  });

  it('Shift+Enter closes a cut: a polygon cut inside a region makes a hole', () => {
    const editor = new TestEditor('semantic', 8, 8);
    editor.zoom = 2; // the last vertex of the hole is 4 image pixels (8 CSS pixels) from its first
    editor.key('p');
    drawPolygon(editor, [0, 0, 8, 0, 8, 8, 0, 8]);
    drawPolygon(editor, [2, 2, 6, 2, 6, 6, 2, 6], 'cut');
    editor.expectView(`
      11111111
      11111111
      11....11
      11....11
      11....11
      11....11
      11111111
      11111111`);
    editor.undo();
    expect(editor.document.toSegments()[0].segmentation.counts).toBe(
      rleToString(polygonToRle([0, 0, 8, 0, 8, 8, 0, 8], 8, 8)),
    );
  });

  it('instance: a cut erases from the selected instance only', () => {
    const editor = new TestEditor('instance', 6, 4);
    editor.zoom = 3; // the hole's vertices are 2 image pixels (6 CSS pixels) from its first
    editor.key('2').key('p');
    drawPolygon(editor, [0, 0, 6, 0, 6, 4, 0, 4]);
    const a = editor.selectedId!;
    editor.key('n');
    drawPolygon(editor, [0, 0, 3, 0, 3, 4, 0, 4]);
    drawPolygon(editor, [1, 1, 2, 1, 2, 3, 1, 3], 'cut');
    expect(editor.maskGrid(a)).toBe(grid('111111\n111111\n111111\n111111'));
    editor.expectView(`
      222111
      212111
      212111
      222111`);
  });

  it('polygons drawn with the tool give frPyObjects reference RLEs exactly (shared reference vectors)', () => {
    let checked = 0;
    for (const c of reference.cases) {
      if (c.polygons.length !== 1) continue;
      const xy = c.polygons[0];
      if (xy.length % 2 !== 0 || xy.length < 6) continue;
      // A later vertex exactly on the first would close the polygon early; the reference has none we need.
      let repeatsFirst = false;
      for (let i = 2; i < xy.length; i += 2) if (xy[i] === xy[0] && xy[i + 1] === xy[1]) repeatsFirst = true;
      if (repeatsFirst) continue;
      const editor = new TestEditor('semantic', c.w, c.h);
      editor.zoom = 1e9; // vertices closer than 4 CSS pixels must not close it
      editor.key('p');
      drawPolygon(editor, xy);
      const segments = editor.document.toSegments();
      if (c.area === 0) {
        expect(segments, c.id).toEqual([]);
      } else {
        expect(segments, c.id).toHaveLength(1);
        expect(segments[0].segmentation, c.id).toEqual({ size: [c.h, c.w], counts: c.rle });
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});
