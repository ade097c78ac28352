import { decode, polygonToRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { grid, gridOf, TestEditor } from './test-editor.js';

/** A light (220) image with a dark (20) rectangle over pixels x0..x1, y0..y1 (inclusive). */
function rectangleImage(width: number, height: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = x >= x0 && x <= x1 && y >= y0 && y <= y1 ? 20 : 220;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return rgba;
}

/** Pixels of a row (y, x from a to b inclusive, either direction) as flat pairs. */
function row(y: number, a: number, b: number): number[] {
  const out: number[] = [];
  for (let x = a; a <= b ? x <= b : x >= b; x += a <= b ? 1 : -1) out.push(x, y);
  return out;
}

function column(x: number, a: number, b: number): number[] {
  const out: number[] = [];
  for (let y = a; a <= b ? y <= b : y >= b; y += a <= b ? 1 : -1) out.push(x, y);
  return out;
}

// 16 × 13, the dark rectangle over x 3..12, y 3..9.
const W = 16;
const H = 13;

function lassoEditor(): TestEditor {
  const editor = new TestEditor('semantic', W, H);
  editor.setImage(rectangleImage(W, H, 3, 3, 12, 9), W, H);
  return editor.key('l');
}

describe('edge-following lasso tool', () => {
  it("clicks at the 4 corners follow the rectangle's edge; Enter paints the outline as a polygon of pixel centres", () => {
    const editor = lassoEditor();
    editor.expectPathToBe('root.lasso.idle');
    // The clicks are on the light pixels diagonally outside the corners; the edge cost is lowest on the
    // rings of pixels on both sides of the edge, and the paths keep to the outer ring.
    editor.clickPixel(2, 2).expectPathToBe('root.lasso.tracing');
    expect(editor.lassoPath).toEqual([2, 2]);
    editor.pointerMove(13.5, 2.5);
    expect(Array.from(editor.lassoPreview!)).toEqual(row(2, 2, 13));
    editor.clickPixel(13, 2);
    expect(editor.lassoPreview).toBeNull();
    editor.clickPixel(13, 10).clickPixel(2, 10);
    expect(editor.lassoAnchors).toEqual([2, 2, 13, 2, 13, 10, 2, 10]);
    expect(editor.lassoPath).toEqual([...row(2, 2, 13), ...column(13, 3, 10), ...row(10, 12, 2)]);
    editor.key('Enter').expectPathToBe('root.lasso.idle');
    expect(editor.document.history.undoCount).toBe(1);
    // The closed outline is the ring x = 2..13, y = 2..10: a polygon with vertices at the pixel centres
    // (2.5, 2.5) … (13.5, 10.5). frPyObjects takes a pixel when its centre is in (2.5, 13.5] × (2.5, 10.5]
    // (a pixel-centre edge keeps the pixels right of / below it), so x 3..13 and y 3..10: the rectangle
    // (x 3..12, y 3..9) and the outer ring's right column and bottom row.
    editor.expectClasses(`
      ................
      ................
      ................
      ...11111111111..
      ...11111111111..
      ...11111111111..
      ...11111111111..
      ...11111111111..
      ...11111111111..
      ...11111111111..
      ...11111111111..
      ................
      ................`);
    // The same as the polygon tool gives for these vertices.
    const ring = [...row(2, 2, 13), ...column(13, 3, 10), ...row(10, 12, 2), ...column(2, 9, 3)].map((v) => v + 0.5);
    expect(editor.viewGrid()).toBe(gridOf(decode(polygonToRle(ring, H, W)).data, W, H));
  });

  it('a click within 4 CSS pixels of the first anchor closes it; Shift+Enter closes a cut', () => {
    const editor = lassoEditor();
    editor.key('p');
    editor.click(0, 0).click(16, 0).click(16, 13).click(0, 13).key('Enter').key('Escape'); // all class 1
    editor.key('l').key('3');
    editor.clickPixel(2, 2).clickPixel(13, 2).clickPixel(13, 10).clickPixel(2, 10);
    editor.zoom = 2;
    editor.click(2.5 + 1.4, 2.5 + 1.4); // 3.96 CSS pixels from the first anchor's centre: closes
    editor.expectPathToBe('root.lasso.idle');
    expect(editor.classGrid().split('\n')[3]).toBe('1113333333333311');
    editor.undo();
    editor.clickPixel(2, 2).clickPixel(13, 2).clickPixel(13, 10).clickPixel(2, 10);
    editor.key('Enter', { shift: true }); // a cut: the same pixels erased
    editor.expectClasses(`
      1111111111111111
      1111111111111111
      1111111111111111
      111...........11
      111...........11
      111...........11
      111...........11
      111...........11
      111...........11
      111...........11
      111...........11
      1111111111111111
      1111111111111111`);
  });

  it('Backspace removes the last anchor and its path; Escape drops the outline; without an image nothing starts', () => {
    const editor = lassoEditor();
    editor.clickPixel(2, 2).clickPixel(13, 2).clickPixel(13, 10);
    editor.key('Backspace');
    expect(editor.lassoAnchors).toEqual([2, 2, 13, 2]);
    expect(editor.lassoPath).toEqual(row(2, 2, 13));
    editor.clickPixel(13, 10);
    expect(editor.lassoPath).toEqual([...row(2, 2, 13), ...column(13, 3, 10)]);
    editor.key('Escape').expectPathToBe('root.lasso.idle');
    expect(editor.lassoPath).toEqual([]);
    expect(editor.document.history.undoCount).toBe(0);

    const bare = new TestEditor('semantic', 4, 4).key('l');
    bare.clickPixel(1, 1).expectPathToBe('root.lasso.idle');
  });

  it('a click beyond the 1024-pixel search window gets there by seeding the wire again at the window edge', () => {
    // 1200 × 12: a dark band over rows 6..11; the edge runs along row 5 (light) and row 6 (dark).
    const width = 1200;
    const editor = new TestEditor('semantic', width, 12);
    editor.setImage(rectangleImage(width, 12, 0, 6, width - 1, 11), width, 12);
    editor.key('l');
    editor.clickPixel(10, 5).clickPixel(1150, 5);
    const path = editor.lassoPath;
    expect(path.slice(-2)).toEqual([1150, 5]);
    // An 8-connected chain of pixels, every one on the edge's two rows.
    for (let k = 2; k < path.length; k += 2) {
      expect(Math.max(Math.abs(path[k] - path[k - 2]), Math.abs(path[k + 1] - path[k - 1]))).toBe(1);
    }
    for (let k = 1; k < path.length; k += 2) expect([5, 6]).toContain(path[k]);
    expect(path.length / 2).toBeGreaterThanOrEqual(1141);
  });
});

describe('grid helper sanity', () => {
  it('row and column list pixels in either direction', () => {
    expect(row(1, 2, 0)).toEqual([2, 1, 1, 1, 0, 1]);
    expect(column(4, 0, 1)).toEqual([4, 0, 4, 1]);
    expect(grid(' .1 \n 1. ')).toBe('.1\n1.');
  });
});
