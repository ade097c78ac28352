import { describe, expect, it } from 'vitest';
import { bresenham } from '../src/index.js';
import { grid, TestEditor } from './test-editor.js';

describe('bresenham', () => {
  it('bresenham((0, 0) → (3, 1)) plots the error-form pixels, both ends included', () => {
    const points: string[] = [];
    bresenham(0, 0, 3, 1, (x, y) => points.push(`${x},${y}`));
    expect(points).toEqual(['0,0', '1,0', '2,1', '3,1']);
  });

  it('bresenham steps diagonally when e2 passes both tests', () => {
    const points: string[] = [];
    bresenham(2, 2, 0, 0, (x, y) => points.push(`${x},${y}`));
    expect(points).toEqual(['2,2', '1,1', '0,0']);
  });
});

describe('brush tool', () => {
  it('pointerDown → painting, pointerUp → idle', () => {
    const editor = new TestEditor('semantic', 8, 6);
    editor.expectPathToBe('root.brush.idle');
    editor.pointerDown(1.5, 1.5).expectPathToBe('root.brush.painting');
    editor.pointerMove(2.5, 1.5).expectPathToBe('root.brush.painting');
    editor.pointerUp(2.5, 1.5).expectPathToBe('root.brush.idle');
  });

  it('a 1-pixel fast drag with gaps between events paints the Bresenham line, no gaps', () => {
    const editor = new TestEditor('semantic', 12, 6);
    editor.setBrushSize(1);
    // Three events only; the pixels between them come from the line.
    editor.drag([1, 1], [9, 4], [10, 0]);
    // (1,1)→(9,4): err 5, 2, -1→7, 4, 1→9, 6, 3, 0→8, 5; then (9,4)→(10,0): steep, x steps once.
    editor.expectView(`
      ..........1.
      .11.......1.
      ...11.....1.
      .....111.1..
      ........11..
      ............`);
  });

  it('a drag with diameter 2 (even) stamps the 2 × 2 block up-left of every line pixel', () => {
    const editor = new TestEditor('semantic', 8, 5);
    editor.setBrushSize(2);
    editor.drag([2, 2], [5, 2]);
    editor.expectView(`
      ........
      .11111..
      .11111..
      ........
      ........`);
  });

  it('a drag with diameter 3 square and a coalesced event in between', () => {
    const editor = new TestEditor('semantic', 9, 6);
    editor.setBrushSize(3);
    editor.setBrushShape('square');
    editor.pointerDown(1.5, 1.5);
    editor.pointerMove(3.2, 1.9); // coalesced: (3, 1)
    editor.pointerMove(6.7, 3.1); // (6, 3)
    editor.pointerUp(6.7, 3.1);
    editor.expectView(`
      11111....
      1111111..
      11111111.
      ...11111.
      .....111.
      .........`);
  });

  it('the pointer position is floored: (2.99, 3.0) is pixel (2, 3)', () => {
    const editor = new TestEditor('semantic', 5, 5);
    editor.setBrushSize(1);
    editor.pointerDown(2.99, 3.0).pointerUp(2.99, 3.0);
    editor.expectView(`
      .....
      .....
      .....
      ..1..
      .....`);
  });

  it('semantic painting replaces: a second class paints over the first', () => {
    const editor = new TestEditor('semantic', 6, 3);
    editor.setBrushSize(1);
    editor.drag([0, 1], [5, 1]);
    editor.key('3'); // class 3 (sky)
    editor.drag([2, 0], [2, 2]);
    editor.expectClasses(`
      ..3...
      113111
      ..3...`);
  });

  it('paint behind paints only unlabeled pixels', () => {
    const editor = new TestEditor('semantic', 6, 3);
    editor.setBrushSize(1);
    editor.drag([0, 1], [5, 1]);
    editor.key('3');
    editor.paintBehind = true;
    editor.drag([2, 0], [2, 2]);
    editor.expectClasses(`
      ..3...
      111111
      ..3...`);
  });

  it('Escape during a stroke drops it, and leaves no undo step', () => {
    const editor = new TestEditor('semantic', 5, 3);
    editor.setBrushSize(1);
    editor.pointerDown(0.5, 1.5).pointerMove(4.5, 1.5);
    expect(editor.viewGrid()).toBe(grid('.....\n11111\n.....'));
    editor.key('Escape').expectPathToBe('root.brush.idle');
    expect(editor.viewGrid()).toBe(grid('.....\n.....\n.....'));
    expect(editor.document.history.undoCount).toBe(0);
    expect(editor.document.toSegments()).toEqual([]);
  });

  it('the stroke is clipped at the image edges', () => {
    const editor = new TestEditor('semantic', 4, 3);
    editor.setBrushSize(3);
    editor.drag([0, 0], [-5, 0]);
    editor.expectView(`
      11..
      11..
      ....`);
  });

  it('a stroke is one undo step; redo repaints it', () => {
    const editor = new TestEditor('semantic', 5, 3);
    editor.setBrushSize(1);
    editor.drag([0, 0], [4, 0]);
    editor.drag([0, 2], [4, 2]);
    editor.key('z', { ctrl: true });
    editor.expectView(`
      11111
      .....
      .....`);
    editor.key('z', { ctrl: true, shift: true });
    editor.expectView(`
      11111
      .....
      11111`);
  });
});

describe('eraser tool', () => {
  it('semantic: erased pixels become unlabeled, whatever their class; the eraser keeps its own size', () => {
    const editor = new TestEditor('semantic', 6, 3);
    editor.setBrushSize(3);
    editor.drag([1, 1], [4, 1]);
    editor.key('e').expectPathToBe('root.eraser.idle');
    editor.setBrushSize(1);
    editor.pointerDown(2.5, 0.5).expectPathToBe('root.eraser.erasing');
    editor.pointerMove(2.5, 2.5).pointerUp(2.5, 2.5).expectPathToBe('root.eraser.idle');
    editor.expectView(`
      11.111
      11.111
      11.111`);
    editor.key('b');
    expect(editor.brush.size).toBe(3);
    expect(editor.eraser.size).toBe(1);
  });

  it('panoptic: the eraser unlabels stuff and things alike', () => {
    const editor = new TestEditor('panoptic', 5, 2);
    editor.setBrushSize(1);
    editor.drag([0, 0], [4, 0]); // road (stuff)
    editor.key('2'); // car (thing)
    editor.drag([0, 1], [4, 1]);
    editor.key('e');
    editor.setBrushSize(1);
    editor.drag([2, 0], [2, 1]);
    editor.expectClasses(`
      11.11
      22.22`);
  });

  it('instance: erased pixels leave the selected instance only', () => {
    const editor = new TestEditor('instance', 5, 2);
    editor.setBrushSize(1);
    editor.key('2');
    editor.drag([0, 0], [4, 0]);
    const a = editor.selectedId!;
    editor.key('n');
    editor.drag([0, 0], [4, 1]);
    const b = editor.selectedId!;
    expect(b).not.toBe(a);
    editor.key('e');
    editor.setBrushSize(1);
    editor.drag([1, 0], [3, 0]); // erases from b (selected) only: a shows through
    expect(editor.maskGrid(a)).toBe(grid('11111\n.....'));
    expect(editor.maskGrid(b)).toBe(grid('1....\n..111'));
  });

  it('instance: with nothing selected the eraser does nothing', () => {
    const editor = new TestEditor('instance', 3, 1);
    editor.setBrushSize(1);
    editor.drag([0, 0], [2, 0]);
    editor.key('n');
    editor.key('e');
    editor.drag([0, 0], [2, 0]);
    editor.expectView('111');
    expect(editor.document.history.undoCount).toBe(1);
  });
});
