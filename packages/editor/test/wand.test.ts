import { isSegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { grid, TestEditor } from './test-editor.js';

// Colours of the test images, one character a pixel. `b` is within 4 of `a` in every channel
// (max |Δ| = 4), `c` 30 away from `a`, `d` far from all.
const COLOURS: Record<string, [number, number, number]> = {
  a: [10, 10, 10],
  b: [14, 12, 10],
  c: [40, 10, 10],
  d: [200, 200, 200],
};

/** An RGBA image drawn as a grid of colour letters. */
function image(text: string): { rgba: Uint8Array; width: number; height: number } {
  const rows = grid(text).split('\n');
  const width = rows[0].length;
  const rgba = new Uint8Array(width * rows.length * 4);
  rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = COLOURS[row[x]];
      rgba.set([r, g, b, 255], (y * width + x) * 4);
    }
  });
  return { rgba, width, height: rows.length };
}

const PICTURE = image(`
  aabcdd
  abbcdd
  ccccaa
  aacdda`);

function wandEditor(mode: 'semantic' | 'instance' | 'panoptic'): TestEditor {
  const editor = new TestEditor(mode, 6, 4);
  editor.setImage(PICTURE.rgba, PICTURE.width, PICTURE.height);
  editor.setBrushSize(1);
  return editor;
}

describe('magic wand tool', () => {
  it('w: a click selects the 4-connected pixels within the tolerance of the clicked colour and paints them, one step', () => {
    const editor = wandEditor('semantic');
    editor.key('w').expectPathToBe('root.wand.idle');
    editor.wandTolerance = 4;
    editor.clickPixel(0, 0);
    // a and b around the click; the a pixels at (4, 2), (5, 2), (0, 3), (1, 3) are cut off by c and d.
    editor.expectClasses(`
      111...
      111...
      ......
      ......`);
    expect(editor.document.history.undoCount).toBe(1);
    // Tolerance 0: the clicked colour only; painting replaces (semantic).
    editor.wandTolerance = 0;
    editor.key('3').clickPixel(0, 0);
    editor.expectClasses(`
      331...
      311...
      ......
      ......`);
    // Tolerance 30: a, b and c (30 from a), all connected through c; d stays out.
    editor.wandTolerance = 30;
    editor.key('2').clickPixel(1, 3);
    editor.expectClasses(`
      2222..
      2222..
      222222
      222..2`);
    expect(editor.document.history.undoCount).toBe(3);
    editor.undo();
    editor.expectClasses(`
      331...
      311...
      ......
      ......`);
  });

  it('the tolerance compares with the clicked pixel, not its neighbours; the image is read at its native resolution whatever the zoom', () => {
    const editor = wandEditor('semantic');
    editor.zoom = 8;
    editor.key('w');
    editor.wandTolerance = 4;
    editor.clickPixel(2, 0); // b: a is within 4 of b, c is 26 from b
    editor.expectClasses(`
      111...
      111...
      ......
      ......`);
  });

  it('locked segments keep their pixels; paint behind paints unlabeled pixels only', () => {
    const editor = wandEditor('semantic');
    editor.key('3').drag([1, 1]); // class 3 at (1, 1)
    editor.key('4').drag([2, 0]); // class 4 at (2, 0)
    editor.document.setLocked(editor.document.segmentOfClass(3)!, true);
    editor.key('1').key('w');
    editor.wandTolerance = 4;
    editor.clickPixel(0, 0);
    editor.expectClasses(`
      111...
      131...
      ......
      ......`);
    editor.undo();
    editor.paintBehind = true;
    editor.clickPixel(0, 0);
    editor.expectClasses(`
      114...
      131...
      ......
      ......`);
  });

  it('instance: a click goes into the selected instance, after n into a new one (overlaps allowed)', () => {
    const editor = wandEditor('instance');
    editor.key('2').key('w');
    editor.wandTolerance = 0;
    editor.clickPixel(0, 0);
    const first = editor.selectedId!;
    editor.clickPixel(5, 3); // the other a region, same instance
    expect(editor.maskGrid(first)).toBe(grid('11....\n1.....\n....11\n.....1'));
    editor.key('n');
    editor.wandTolerance = 4;
    editor.clickPixel(2, 1);
    const second = editor.selectedId!;
    expect(second).not.toBe(first);
    expect(editor.maskGrid(second)).toBe(grid('111...\n111...\n......\n......'));
    expect(editor.maskGrid(first)).toBe(grid('11....\n1.....\n....11\n.....1'));
    expect(editor.document.segmentIds()).toEqual([first, second]);
  });

  it('panoptic: a thing gets an instance, stuff its class segment', () => {
    const editor = wandEditor('panoptic');
    editor.key('w');
    editor.wandTolerance = 0;
    editor.key('4').clickPixel(4, 0); // person (thing): the d block at the top right
    editor.key('n').clickPixel(3, 3); // another person: the d pair at the bottom
    editor.key('1').clickPixel(0, 3); // road (stuff)
    editor.expectClasses(`
      ....44
      ....44
      ......
      11.44.`);
    const view = editor.viewGrid().split('\n');
    expect(view[0][4]).not.toBe(view[3][3]);
  });

  it('without an image the wand does nothing; an image of another size is refused with a SegkitError', () => {
    const editor = new TestEditor('semantic', 6, 4);
    editor.key('w').clickPixel(0, 0);
    expect(editor.document.history.undoCount).toBe(0);
    expect(editor.image).toBeNull();
    let error: unknown;
    try {
      editor.setImage(new Uint8Array(5 * 4 * 4), 5, 4);
    } catch (e) {
      error = e;
    }
    expect(isSegkitError(error) && error.code).toBe('SIZE_MISMATCH');
    expect(() => editor.setImage(new Uint8Array(10), 6, 4)).toThrow(/rgba has 10 elements/);
  });
});
