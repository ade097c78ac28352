import { describe, expect, it } from 'vitest';
import { grid, TestEditor } from './test-editor.js';

describe('fill tool', () => {
  it('semantic: fills the 4-connected region of the same label; a diagonal gap does not leak', () => {
    const editor = new TestEditor('semantic', 6, 5);
    editor.setBrushSize(1);
    // A ring of class 1 whose bottom-right corner (4, 3) is open: inside and outside touch diagonally only.
    editor.drag([1, 0], [4, 0], [4, 2]);
    editor.drag([1, 1], [1, 3], [3, 3]);
    editor.key('3').key('f').expectPathToBe('root.fill.idle');
    editor.clickPixel(2, 1);
    editor.expectClasses(`
      .1111.
      .1331.
      .1331.
      .111..
      ......`);
    // The unlabeled outside is one region, around the ring and through the open corner.
    editor.key('4');
    editor.clickPixel(0, 0);
    editor.expectClasses(`
      411114
      413314
      413314
      411144
      444444`);
  });

  it('semantic: a fill of a labelled region replaces that region only', () => {
    const editor = new TestEditor('semantic', 5, 3);
    editor.setBrushSize(1);
    editor.drag([0, 1], [4, 1]);
    editor.key('3').key('f').clickPixel(2, 1);
    editor.expectClasses(`
      .....
      33333
      .....`);
    expect(editor.document.toSegments().map((s) => s.categoryId)).toEqual([3]);
  });

  it('instance: fills the region covered by no instance, into a new instance', () => {
    const editor = new TestEditor('instance', 6, 3);
    editor.setBrushSize(1);
    editor.key('2');
    editor.drag([2, 0], [2, 2]);
    const wall = editor.selectedId!;
    editor.key('n').key('f').clickPixel(4, 1);
    const filled = editor.selectedId!;
    expect(filled).not.toBe(wall);
    expect(editor.maskGrid(filled)).toBe(grid('...111\n...111\n...111'));
    // A fill on a covered pixel paints nothing and records nothing.
    const steps = editor.document.history.undoCount;
    editor.key('n').clickPixel(2, 1);
    expect(editor.document.history.undoCount).toBe(steps);
  });

  it('panoptic: a thing fill gets an instance id, a stuff fill the class segment', () => {
    const editor = new TestEditor('panoptic', 5, 2);
    editor.setBrushSize(1);
    editor.drag([2, 0], [2, 1]); // road (stuff) wall
    editor.key('4').key('f').clickPixel(0, 0); // person (thing)
    editor.key('n').clickPixel(4, 0); // another person
    editor.expectClasses(`
      44144
      44144`);
    const view = editor.viewGrid();
    expect(view[0]).not.toBe(view[4]);
    expect(editor.document.toSegments().map((s) => s.categoryId)).toEqual([1, 4, 4]);
  });
});

describe('panoptic projects', () => {
  it('stuff classes keep one segment; thing classes get instances; painting replaces', () => {
    const editor = new TestEditor('panoptic', 6, 3);
    editor.setBrushSize(1);
    editor.drag([0, 0], [5, 0]); // road
    editor.key('n');
    editor.drag([0, 2], [5, 2]); // road again: the same segment (n does not split stuff)
    editor.key('2');
    editor.drag([1, 0], [1, 2]); // car 1 over both road rows
    editor.key('n');
    editor.drag([4, 0], [4, 2]); // car 2
    editor.expectView(`
      121131
      .2..3.
      121131`);
    const segments = editor.document.toSegments();
    expect(segments.map((s) => [s.id, s.categoryId])).toEqual([
      [1, 1],
      [2, 2],
      [3, 2],
    ]);
  });
});

describe('instance projects', () => {
  it('with nothing selected the first stroke starts an instance; later strokes go into it', () => {
    const editor = new TestEditor('instance', 4, 2);
    editor.setBrushSize(1);
    editor.key('2');
    expect(editor.selectedId).toBeNull();
    editor.drag([0, 0], [1, 0]);
    editor.drag([0, 1], [1, 1]);
    editor.expectView('11..\n11..');
    expect(editor.document.segmentIds()).toEqual([1]);
  });

  it('`n` and a class change each make the next stroke start a new instance', () => {
    const editor = new TestEditor('instance', 5, 1);
    editor.setBrushSize(1);
    editor.key('2').clickPixel(0, 0).clickPixel(1, 0);
    editor.key('n').clickPixel(2, 0);
    editor.key('4').clickPixel(3, 0);
    editor.key('4').clickPixel(4, 0); // the same class again: same instance
    editor.expectView('11233');
    expect(editor.document.segmentInfo(3)?.categoryId).toBe(4);
  });

  it('overlaps are allowed, later on top; z-order up/down and hide change what the view shows', () => {
    const editor = new TestEditor('instance', 4, 1);
    editor.setBrushSize(1);
    editor.key('2').drag([0, 0], [2, 0]);
    editor.key('n').drag([1, 0], [3, 0]);
    const doc = editor.document;
    editor.expectView('1222');
    expect(editor.maskGrid(1)).toBe('111.');
    doc.raise(1);
    editor.expectView('1112');
    expect(doc.segmentInfo(1)!.z).toBe(1);
    doc.lower(1);
    editor.expectView('1222');
    doc.setHidden(2, true);
    editor.expectView('111.');
    editor.undo();
    editor.expectView('1222');
    editor.undo(); // the lower
    editor.expectView('1112');
  });

  it('a locked instance keeps its pixels: strokes into it and erasing it do nothing', () => {
    const editor = new TestEditor('instance', 3, 1);
    editor.setBrushSize(1);
    editor.key('2').clickPixel(0, 0);
    editor.document.setLocked(1, true);
    editor.clickPixel(1, 0);
    editor.key('e').clickPixel(0, 0);
    editor.expectView('1..');
    expect(editor.document.deleteSegment(1)).toBe(false);
  });

  it('the select tool picks the top-most visible instance and its class', () => {
    const editor = new TestEditor('instance', 3, 1);
    editor.setBrushSize(1);
    editor.key('2').drag([0, 0], [1, 0]);
    editor.key('4').drag([1, 0], [2, 0]);
    editor.key('v').expectPathToBe('root.select.idle');
    editor.clickPixel(1, 0);
    expect(editor.selectedId).toBe(2);
    expect(editor.classId).toBe(4);
    editor.clickPixel(0, 0);
    expect(editor.selectedId).toBe(1);
    expect(editor.classId).toBe(2);
    // Painting now goes into instance 1 again.
    editor.key('b').clickPixel(2, 0);
    expect(editor.maskGrid(1)).toBe('111');
  });
});

describe('instance operations', () => {
  it('merge, split into connected parts and delete, each one undo step', () => {
    for (const mode of ['instance', 'panoptic'] as const) {
      const editor = new TestEditor(mode, 7, 3);
      editor.setBrushSize(1);
      editor.key('2').drag([0, 0], [1, 0]);
      editor.key('n').drag([5, 2], [6, 2]);
      const doc = editor.document;
      expect(doc.merge(1, [2])).toBe(true);
      editor.expectView(`
        11.....
        .......
        .....11`);
      expect(doc.segmentIds()).toEqual([1]);
      const parts = doc.split(1);
      expect(parts).toEqual([1, 3]);
      editor.expectView(`
        11.....
        .......
        .....33`);
      expect(doc.deleteSegment(3)).toBe(true);
      editor.expectView(`
        11.....
        .......
        .......`);
      editor.undo();
      editor.undo();
      editor.expectView(`
        11.....
        .......
        .....11`);
      editor.undo();
      editor.expectView(`
        11.....
        .......
        .....22`);
      expect(doc.segmentIds()).toEqual([1, 2]);
    }
  });

  it('split keeps 8-connected pixels together', () => {
    const editor = new TestEditor('semantic', 4, 3);
    editor.setBrushSize(1);
    editor.drag([0, 0], [2, 2]); // a diagonal: one part
    editor.clickPixel(3, 0);
    expect(editor.document.split(1)).toEqual([1, 2]);
    editor.expectView(`
      1..2
      .1..
      ..1.`);
  });
});

describe('paint behind', () => {
  it('instance: a stroke with paint behind covers only pixels no instance covers', () => {
    const editor = new TestEditor('instance', 5, 1);
    editor.setBrushSize(1);
    editor.key('2').drag([1, 0], [2, 0]);
    editor.key('n');
    editor.paintBehind = true;
    editor.drag([0, 0], [4, 0]);
    expect(editor.maskGrid(2)).toBe('1..11');
    editor.expectView('21122');
  });

  it('panoptic: a thing stroke with paint behind leaves stuff pixels alone', () => {
    const editor = new TestEditor('panoptic', 5, 1);
    editor.setBrushSize(1);
    editor.drag([0, 0], [1, 0]); // road
    editor.key('2');
    editor.paintBehind = true;
    editor.drag([0, 0], [4, 0]);
    editor.expectClasses('11222');
  });
});

describe('hidden segments in a label map', () => {
  it('semantic: hiding keeps the id in view and flags it for the renderer; undo shows it again', () => {
    const editor = new TestEditor('semantic', 3, 1);
    editor.setBrushSize(1);
    editor.clickPixel(1, 0);
    const rects: unknown[] = [];
    editor.document.onChange((r, ids) => rects.push([r, ids]));
    editor.document.setHidden(1, true);
    editor.expectView('.1.');
    expect(editor.document.segmentInfo(1)!.hidden).toBe(true);
    expect(rects).toEqual([[[], [1]]]);
    editor.undo();
    expect(editor.document.segmentInfo(1)!.hidden).toBe(false);
  });

  it('undo tells the listeners the rectangle of the pixels it changed', () => {
    const editor = new TestEditor('semantic', 300, 20);
    editor.setBrushSize(1);
    editor.drag([250, 5], [270, 5]);
    const rects: unknown[] = [];
    editor.document.onChange((r) => rects.push(...r));
    editor.undo();
    // Two tiles: x 250..255 in the first, 256..270 in the second.
    expect(rects).toEqual([
      { x: 250, y: 5, width: 6, height: 1 },
      { x: 256, y: 5, width: 15, height: 1 },
    ]);
  });
});
