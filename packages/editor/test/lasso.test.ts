import { describe, expect, it } from 'vitest';
import { grid, TestEditor } from './test-editor.js';

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
  it("clicks at the 4 corners follow the rectangle's edge; Enter paints the closed path and the pixels inside it", () => {
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
    // The closing path runs up column 2: the closed path is the ring x = 2..13, y = 2..10, painted
    // whole with the rectangle (x 3..12, y 3..9) inside it.
    editor.expectClasses(`
      ................
      ................
      ..111111111111..
      ..111111111111..
      ..111111111111..
      ..111111111111..
      ..111111111111..
      ..111111111111..
      ..111111111111..
      ..111111111111..
      ..111111111111..
      ................
      ................`);
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
    expect(editor.classGrid().split('\n')[3]).toBe('1133333333333311');
    editor.undo();
    editor.clickPixel(2, 2).clickPixel(13, 2).clickPixel(13, 10).clickPixel(2, 10);
    editor.key('Enter', { shift: true }); // a cut: the same pixels erased
    editor.expectClasses(`
      1111111111111111
      1111111111111111
      11............11
      11............11
      11............11
      11............11
      11............11
      11............11
      11............11
      11............11
      11............11
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

/**
 * A lasso on a uniform grey image: every pixel's cost is 255, so between two anchors in a straight
 * line (a row, a column or a 45° diagonal) the wire's shortest path is that line (a detour costs at
 * least one more step, and two straight steps, 510, cost more than a diagonal one, 361).
 */
function uniformLasso(width: number, height: number): TestEditor {
  const editor = new TestEditor('semantic', width, height);
  editor.setImage(new Uint8Array(width * height * 4).fill(128), width, height);
  editor.zoom = 10; // a click closes the outline only on the first anchor's own pixel (0.4 px from its centre)
  return editor.key('l');
}

/** Clicks the anchors in order (the editor stays tracing). */
function anchorsAt(editor: TestEditor, ...anchors: [number, number][]): TestEditor {
  for (const [x, y] of anchors) editor.clickPixel(x, y);
  return editor;
}

describe('lasso paint rule: the closed path and the pixels it encloses', () => {
  it('a staircase outline paints its steps and the pixels inside, none outside', () => {
    const editor = uniformLasso(10, 8);
    anchorsAt(editor, [1, 1], [3, 1], [3, 3], [5, 3], [5, 5], [7, 5], [7, 6], [1, 6]);
    expect(editor.lassoPath).toEqual([
      ...row(1, 1, 3),
      ...column(3, 2, 3),
      ...row(3, 4, 5),
      ...column(5, 4, 5),
      ...row(5, 6, 7),
      ...column(7, 6, 6),
      ...row(6, 6, 1),
    ]);
    editor.key('Enter').expectPathToBe('root.lasso.idle'); // closes up column 1
    editor.expectClasses(`
      ..........
      .111......
      .111......
      .11111....
      .11111....
      .1111111..
      .1111111..
      ..........`);
    expect(editor.document.history.undoCount).toBe(1);
  });

  it('a diamond of diagonal edges paints the diamond: the pixels beside a diagonal step stay outside', () => {
    const editor = uniformLasso(11, 11);
    anchorsAt(editor, [5, 1], [9, 5], [5, 9], [1, 5]);
    expect(editor.lassoPath.slice(0, 10)).toEqual([5, 1, 6, 2, 7, 3, 8, 4, 9, 5]);
    editor.key('Enter');
    editor.expectClasses(`
      ...........
      .....1.....
      ....111....
      ...11111...
      ..1111111..
      .111111111.
      ..1111111..
      ...11111...
      ....111....
      .....1.....
      ...........`);
  });

  it('a concave outline leaves its notch unpainted', () => {
    const editor = uniformLasso(9, 9);
    anchorsAt(editor, [1, 1], [3, 1], [3, 5], [5, 5], [5, 1], [7, 1], [7, 7], [1, 7]);
    editor.key('Enter');
    editor.expectClasses(`
      .........
      .111.111.
      .111.111.
      .111.111.
      .111.111.
      .1111111.
      .1111111.
      .1111111.
      .........`);
  });

  it('a path that touches itself (two loops meeting at a diagonal step) paints both loops, not the pixels between', () => {
    const editor = uniformLasso(10, 10);
    // Round the top-left square to its corner (4, 4), a diagonal step to (5, 5), round the bottom-right
    // square and back through (5, 5) and (4, 4), then along the first square's bottom and up to the start.
    anchorsAt(editor, [1, 1], [4, 1], [4, 4], [5, 5], [8, 5], [8, 8], [5, 8], [5, 5], [4, 4], [1, 4]);
    editor.key('Enter');
    editor.expectClasses(`
      ..........
      .1111.....
      .1111.....
      .1111.....
      .1111.....
      .....1111.
      .....1111.
      .....1111.
      .....1111.
      ..........`);
    expect(editor.document.history.undoCount).toBe(1);
  });

  it('a 1-pixel-wide path (out along an L and back) paints just its pixels', () => {
    const editor = uniformLasso(7, 7);
    anchorsAt(editor, [1, 1], [1, 5], [5, 5], [1, 5]);
    editor.key('Enter'); // back up column 1 to the start
    editor.expectClasses(`
      .......
      .1.....
      .1.....
      .1.....
      .1.....
      .11111.
      .......`);
  });

  it('Shift+Enter erases the same pixels as one step; undo brings them back', () => {
    const editor = uniformLasso(11, 11);
    editor.key('p');
    editor.click(0, 0).click(11, 0).click(11, 11).click(0, 11).key('Enter').key('Escape'); // all class 1
    editor.key('l');
    anchorsAt(editor, [5, 1], [9, 5], [5, 9], [1, 5]);
    editor.key('Enter', { shift: true }).expectPathToBe('root.lasso.idle');
    editor.expectClasses(`
      11111111111
      11111.11111
      1111...1111
      111.....111
      11.......11
      1.........1
      11.......11
      111.....111
      1111...1111
      11111.11111
      11111111111`);
    expect(editor.document.history.undoCount).toBe(2);
    editor.undo();
    expect(editor.classGrid()).toBe(grid('11111111111\n'.repeat(11)));
  });
});

describe('grid helper sanity', () => {
  it('row and column list pixels in either direction', () => {
    expect(row(1, 2, 0)).toEqual([2, 1, 1, 1, 0, 1]);
    expect(column(4, 0, 1)).toEqual([4, 0, 4, 1]);
    expect(grid(' .1 \n 1. ')).toBe('.1\n1.');
  });
});
