import { describe, expect, it } from 'vitest';
import { type BrushShape, footprint, footprintBitmap } from '../src/index.js';
import { grid, gridOf, TestEditor } from './test-editor.js';

/** The contract's rule evaluated literally, in floating point, for pixel (x, y) and pointer pixel (cx, cy). */
function contractCovers(d: number, shape: BrushShape, x: number, y: number, cx: number, cy: number): boolean {
  const odd = d % 2 === 1;
  const px = odd ? x - cx : x + 0.5 - cx;
  const py = odd ? y - cy : y + 0.5 - cy;
  if (shape === 'round') return px * px + py * py <= (d / 2) * (d / 2);
  return Math.abs(px) <= d / 2 && Math.abs(py) <= d / 2;
}

function footprintGrid(d: number, shape: BrushShape, size: number, cx: number, cy: number): string {
  const bm = footprintBitmap(footprint(d, shape), cx, cy);
  const out = new Uint8Array(size * size);
  for (let y = 0; y < bm.height; y++) {
    for (let x = 0; x < bm.width; x++) if (bm.data[y * bm.width + x]) out[(bm.y + y) * size + bm.x + x] = 1;
  }
  return gridOf(out, size, size);
}

describe('footprint', () => {
  it('footprint(d, round) for d = 1..5 at pixel (3, 3) covers the hand-drawn pixels', () => {
    expect(footprintGrid(1, 'round', 7, 3, 3)).toBe(
      grid(`
      .......
      .......
      .......
      ...1...
      .......
      .......
      .......`),
    );
    // Even: the centre is the top-left corner of pixel (3, 3), so the block is (2..3, 2..3).
    expect(footprintGrid(2, 'round', 7, 3, 3)).toBe(
      grid(`
      .......
      .......
      ..11...
      ..11...
      .......
      .......
      .......`),
    );
    expect(footprintGrid(3, 'round', 7, 3, 3)).toBe(
      grid(`
      .......
      .......
      ..111..
      ..111..
      ..111..
      .......
      .......`),
    );
    expect(footprintGrid(4, 'round', 7, 3, 3)).toBe(
      grid(`
      .......
      ..11...
      .1111..
      .1111..
      ..11...
      .......
      .......`),
    );
    expect(footprintGrid(5, 'round', 7, 3, 3)).toBe(
      grid(`
      .......
      ..111..
      .11111.
      .11111.
      .11111.
      ..111..
      .......`),
    );
  });

  it('footprint(d, square) is the d × d block with the same centre rule', () => {
    expect(footprintGrid(3, 'square', 6, 2, 2)).toBe(
      grid(`
      ......
      .111..
      .111..
      .111..
      ......
      ......`),
    );
    expect(footprintGrid(4, 'square', 6, 3, 3)).toBe(
      grid(`
      ......
      .1111.
      .1111.
      .1111.
      .1111.
      ......`),
    );
  });

  it('footprint(d, shape) equals the contract inequality evaluated pixel by pixel, d = 1..60', () => {
    for (const shape of ['round', 'square'] as const) {
      for (let d = 1; d <= 60; d++) {
        const size = d + 6;
        const c = Math.floor(size / 2);
        const bm = footprintBitmap(footprint(d, shape), c, c);
        for (let y = 0; y < size; y++) {
          for (let x = 0; x < size; x++) {
            const bx = x - bm.x;
            const by = y - bm.y;
            const inside = bx >= 0 && by >= 0 && bx < bm.width && by < bm.height && bm.data[by * bm.width + bx] === 1;
            if (inside !== contractCovers(d, shape, x, y, c, c)) {
              throw new Error(`d=${d} ${shape}: pixel (${x}, ${y}) is ${inside}, the contract says ${!inside}`);
            }
          }
        }
      }
    }
  });

  it('cursorFootprint() is exactly what a click of the brush paints', () => {
    for (const [size, shape] of [
      [4, 'round'],
      [5, 'square'],
      [7, 'round'],
    ] as const) {
      const editor = new TestEditor('semantic', 16, 16);
      editor.setBrushSize(size);
      editor.setBrushShape(shape);
      editor.pointerMove(8.3, 7.9);
      const bm = editor.cursorFootprint()!;
      const expected = new Uint8Array(256);
      for (let y = 0; y < bm.height; y++) {
        for (let x = 0; x < bm.width; x++) if (bm.data[y * bm.width + x]) expected[(bm.y + y) * 16 + bm.x + x] = 1;
      }
      editor.pointerDown(8.3, 7.9).pointerUp(8.3, 7.9);
      expect(editor.viewGrid()).toBe(gridOf(expected, 16, 16));
    }
  });
});
