import { mulberry32 } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { TestEditor } from './test-editor.js';

/** Clicks the vertices and closes with Enter (the polygon stays editable). */
function close(editor: TestEditor, xy: readonly number[]): TestEditor {
  for (let i = 0; i < xy.length; i += 2) editor.click(xy[i], xy[i + 1]);
  return editor.key('Enter');
}

/** Alt held: a pointer down grabs a vertex or an edge of the closed polygon instead of starting a new one. */
const ALT = { alt: true };

function altClick(editor: TestEditor, x: number, y: number): TestEditor {
  return editor.pointerDown(x, y, ALT).pointerUp(x, y);
}

/** The document a fresh editor makes from `setup` and then one polygon of `xy` (what an edit must equal). */
function expected(
  mode: 'semantic' | 'instance' | 'panoptic',
  w: number,
  h: number,
  xy: readonly number[],
  setup?: (e: TestEditor) => void,
) {
  const editor = new TestEditor(mode, w, h);
  editor.setBrushSize(1);
  setup?.(editor);
  editor.zoom = 1e6; // no vertex is near enough to the first to close the polygon before Enter
  editor.key('p');
  close(editor, xy);
  return { view: editor.viewGrid(), segments: editor.document.toSegments() };
}

describe('polygon vertex editing', () => {
  it('a closed polygon stays editable: dragging a vertex re-rasterizes it and amends its one undo step', () => {
    const editor = new TestEditor('semantic', 10, 10);
    editor.key('p');
    close(editor, [1, 1, 8, 1, 8, 8]).expectPathToBe('root.polygon.editing');
    expect(editor.polygonVertexCount).toBe(3);
    editor.pointerDown(8.2, 7.9, ALT).expectPathToBe('root.polygon.dragging'); // 0.22 px from (8, 8)
    editor.pointerMove(5, 8).pointerUp(1, 8).expectPathToBe('root.polygon.editing');
    expect(editor.polygonVertices).toEqual([1, 1, 8, 1, 1, 8]);
    expect(editor.polygonSelectedVertex).toBe(2);
    const want = expected('semantic', 10, 10, [1, 1, 8, 1, 1, 8]);
    expect(editor.viewGrid()).toBe(want.view);
    expect(editor.document.toSegments()).toEqual(want.segments);
    expect(editor.document.history.undoCount).toBe(1);
    editor.key('z', { ctrl: true }).expectPathToBe('root.polygon.idle');
    expect(editor.document.toSegments()).toEqual([]);
    editor.redo();
    expect(editor.viewGrid()).toBe(want.view);
  });

  it('a pointer down on an edge inserts a vertex there; Delete removes the selected vertex but keeps 3', () => {
    const editor = new TestEditor('semantic', 10, 10);
    editor.zoom = 2; // 4 CSS pixels = 2 image pixels
    editor.key('p');
    close(editor, [1, 1, 8, 1, 8, 8, 1, 8]);
    editor.pointerDown(4.5, 2.6, ALT).expectPathToBe('root.polygon.dragging'); // 1.6 px below the top edge
    editor.pointerUp(4.5, 4);
    expect(editor.polygonVertices).toEqual([1, 1, 4.5, 4, 8, 1, 8, 8, 1, 8]);
    expect(editor.polygonVertexCount).toBe(5);
    let want = expected('semantic', 10, 10, [1, 1, 4.5, 4, 8, 1, 8, 8, 1, 8]);
    expect(editor.document.toSegments()).toEqual(want.segments);
    // Select (8, 8) with a click that does not move it, then delete it.
    altClick(editor, 8, 8);
    expect(editor.polygonSelectedVertex).toBe(3);
    expect(editor.document.history.undoCount).toBe(1);
    editor.key('Delete');
    expect(editor.polygonVertices).toEqual([1, 1, 4.5, 4, 8, 1, 1, 8]);
    want = expected('semantic', 10, 10, [1, 1, 4.5, 4, 8, 1, 1, 8]);
    expect(editor.viewGrid()).toBe(want.view);
    altClick(editor, 4.5, 4).key('Backspace');
    altClick(editor, 1, 8).key('Delete');
    expect(editor.polygonVertexCount).toBe(3);
    altClick(editor, 1, 1).key('Delete'); // 3 left: kept
    expect(editor.polygonVertices).toEqual([1, 1, 8, 1, 1, 8]);
    expect(editor.document.history.undoCount).toBe(1);
    editor.undo();
    expect(editor.document.toSegments()).toEqual([]);
  });

  it('the document is the one before the polygon plus the edited polygon: pixels it had covered come back', () => {
    const paintRow = (e: TestEditor) => {
      e.key('3').drag([0, 4], [9, 4]); // a class-3 line across row 4
      e.key('1');
    };
    const editor = new TestEditor('semantic', 10, 10);
    editor.setBrushSize(1);
    paintRow(editor);
    editor.key('p');
    close(editor, [1, 1, 8, 1, 8, 8, 1, 8]);
    const row4 = editor.classGrid().split('\n')[4];
    expect(row4).toBe('3111111133'); // vertices at x = 1 and 8 take pixels 1..7
    editor.pointerDown(8, 8, ALT).pointerUp(8, 3);
    editor.pointerDown(1, 8, ALT).pointerUp(1, 3); // now the polygon ends above row 4
    const want = expected('semantic', 10, 10, [1, 1, 8, 1, 8, 3, 1, 3], paintRow);
    expect(editor.viewGrid()).toBe(want.view);
    expect(editor.classGrid().split('\n')[4]).toBe('3333333333');
    expect(editor.document.history.undoCount).toBe(2);
    editor.undo();
    expect(editor.classGrid().split('\n')[4]).toBe('3333333333');
    expect(editor.document.toSegments().map((s) => s.categoryId)).toEqual([3]);
  });

  it('instance: the polygon keeps its instance id through edits; undo removes the instance', () => {
    const editor = new TestEditor('instance', 8, 8);
    editor.key('2').key('p');
    close(editor, [1, 1, 6, 1, 6, 6]);
    const id = editor.selectedId!;
    editor.pointerDown(6, 6, ALT).pointerUp(1, 6);
    expect(editor.selectedId).toBe(id);
    expect(editor.document.segmentIds()).toEqual([id]);
    const want = expected('instance', 8, 8, [1, 1, 6, 1, 1, 6], (e) => e.key('2'));
    expect(editor.document.toSegments()).toEqual(want.segments);
    editor.undo();
    expect(editor.document.segmentIds()).toEqual([]);
    expect(editor.selectedId).toBeNull();
  });

  it('a click without Alt on the closed polygon starts the next polygon there, as editor.md pins: neighbours share an edge', () => {
    const editor = new TestEditor('semantic', 10, 6);
    editor.key('p');
    close(editor, [0, 0, 5, 0, 5, 6, 0, 6]).expectPathToBe('root.polygon.editing');
    editor.key('2');
    // The second square starts on the first one's vertex (5, 0) and runs along its edge.
    close(editor, [5, 0, 10, 0, 10, 6, 5, 6]).expectPathToBe('root.polygon.editing');
    expect(editor.classGrid()).toBe(
      ['1111122222', '1111122222', '1111122222', '1111122222', '1111122222', '1111122222'].join('\n'),
    );
    expect(editor.document.history.undoCount).toBe(2);
  });

  it('a click away from the polygon ends the editing and starts the next polygon; Escape, n and other tools end it too', () => {
    const editor = new TestEditor('semantic', 10, 10);
    editor.key('p');
    close(editor, [1, 1, 4, 1, 4, 4]);
    editor.click(8, 8).expectPathToBe('root.polygon.drawing');
    expect(editor.polygonVertices).toEqual([8, 8]);
    editor.key('Escape').expectPathToBe('root.polygon.idle');
    close(editor, [1, 1, 4, 1, 4, 4]).key('Escape').expectPathToBe('root.polygon.idle');
    close(editor, [1, 1, 4, 1, 4, 4]).key('n').expectPathToBe('root.polygon.idle');
    close(editor, [1, 1, 4, 1, 4, 4]).key('b').expectPathToBe('root.brush.idle');
    expect(editor.polygonVertexCount).toBe(0);
  });

  it('Escape while dragging puts the vertex back; a step after the polygon stops its editing', () => {
    const editor = new TestEditor('instance', 10, 10);
    editor.key('2').key('p');
    close(editor, [1, 1, 8, 1, 8, 8]);
    const before = editor.document.toSegments();
    editor.pointerDown(8, 8, ALT).pointerMove(3, 8).key('Escape').expectPathToBe('root.polygon.editing');
    expect(editor.polygonVertices).toEqual([1, 1, 8, 1, 8, 8]);
    expect(editor.document.toSegments()).toEqual(before);
    editor.document.setHidden(editor.selectedId!, true); // another step on top of the polygon's
    editor.pointerDown(8, 8, ALT).pointerUp(1, 8).expectPathToBe('root.polygon.idle');
    expect(editor.document.toSegments()).toEqual(before);
    expect(editor.document.history.undoCount).toBe(2);
  });

  it('the live vertex count and the flag against the vertex limit (default 20)', () => {
    const editor = new TestEditor('semantic', 40, 40);
    expect(editor.vertexLimit).toBe(20);
    editor.key('p');
    for (let k = 0; k < 20; k++) editor.click(20 + 15 * Math.cos(k / 3.3), 20 + 15 * Math.sin(k / 3.3));
    expect(editor.polygonVertexCount).toBe(20);
    expect(editor.polygonOverVertexLimit).toBe(false);
    editor.click(20, 20);
    expect(editor.polygonVertexCount).toBe(21);
    expect(editor.polygonOverVertexLimit).toBe(true);
    editor.vertexLimit = 25;
    expect(editor.polygonOverVertexLimit).toBe(false);
  });

  it('a vertex drag is live: the document shows the polygon re-rasterized at every move, and the drag is its one undo step', () => {
    const paintRow = (e: TestEditor) => {
      e.key('3').drag([0, 4], [9, 4]); // a class-3 line across row 4
      e.key('1');
    };
    const editor = new TestEditor('semantic', 10, 10);
    editor.setBrushSize(1);
    paintRow(editor);
    editor.key('p');
    close(editor, [1, 1, 8, 1, 8, 8, 1, 8]);
    editor.pointerDown(8, 8, ALT).expectPathToBe('root.polygon.dragging');
    expect(editor.viewGrid()).toBe(expected('semantic', 10, 10, [1, 1, 8, 1, 8, 8, 1, 8], paintRow).view);
    for (const [x, y] of [
      [8.4, 6.2],
      [9.6, 3],
      [8, 3],
    ]) {
      editor.pointerMove(x, y).expectPathToBe('root.polygon.dragging');
      expect(editor.viewGrid()).toBe(expected('semantic', 10, 10, [1, 1, 8, 1, x, y, 1, 8], paintRow).view);
    }
    editor.pointerUp(8, 3).expectPathToBe('root.polygon.editing');
    expect(editor.document.history.undoCount).toBe(2); // the line, the polygon
    // The second vertex, live: with both lower vertices at y = 3 the polygon is rows 1..2 (pixel
    // centres in (1, 3]) and x 1..7 (centres in (1, 8]); the line's pixels it had covered are back.
    editor.pointerDown(1, 8, ALT).pointerMove(1, 3).expectPathToBe('root.polygon.dragging');
    editor.expectClasses(`
      ..........
      .1111111..
      .1111111..
      ..........
      3333333333
      ..........
      ..........
      ..........
      ..........
      ..........`);
    editor.pointerUp(1, 3);
    expect(editor.document.history.undoCount).toBe(2);
    editor.undo();
    editor.expectClasses(`
      ..........
      ..........
      ..........
      ..........
      3333333333
      ..........
      ..........
      ..........
      ..........
      ..........`);
  });

  it('Escape, undo or another tool during a live drag: the vertex back, the polygon undone, the drag kept', () => {
    const editor = new TestEditor('instance', 10, 10);
    editor.key('2').key('p');
    close(editor, [1, 1, 8, 1, 8, 8]);
    const before = editor.document.toSegments();
    editor.pointerDown(8, 8, ALT).pointerMove(2, 8);
    expect(editor.document.toSegments()).toEqual(
      expected('instance', 10, 10, [1, 1, 8, 1, 2, 8], (e) => e.key('2')).segments,
    );
    editor.key('Escape').expectPathToBe('root.polygon.editing');
    expect(editor.document.toSegments()).toEqual(before);
    expect(editor.document.history.undoCount).toBe(1);
    // Ctrl+Z while dragging: the drag ends and the polygon's step is undone.
    editor.pointerDown(8, 8, ALT).pointerMove(2, 8).key('z', { ctrl: true }).expectPathToBe('root.polygon.idle');
    expect(editor.document.toSegments()).toEqual([]);
    expect(editor.document.editing).toBe(false);
    editor.redo();
    expect(editor.document.toSegments()).toEqual(
      expected('instance', 10, 10, [1, 1, 8, 1, 2, 8], (e) => e.key('2')).segments,
    );
    // Another tool while dragging: the polygon keeps the dragged shape, still one step.
    editor.key('p');
    close(editor, [1, 1, 8, 1, 8, 8]);
    editor.pointerDown(1, 1, ALT).pointerMove(4, 0).key('b').expectPathToBe('root.brush.idle');
    expect(editor.document.editing).toBe(false);
    expect(editor.document.history.undoCount).toBe(2);
    editor.undo();
    expect(editor.document.toSegments()).toEqual(
      expected('instance', 10, 10, [1, 1, 8, 1, 2, 8], (e) => e.key('2')).segments,
    );
  });

  it('a grab after another action ends the editing without dragging', () => {
    const editor = new TestEditor('semantic', 10, 10);
    editor.key('p');
    close(editor, [1, 1, 8, 1, 8, 8]);
    editor.document.setHidden(editor.document.segmentIds()[0], true);
    editor.pointerDown(8, 8, ALT).expectPathToBe('root.polygon.idle');
    editor.pointerMove(2, 8).pointerUp(2, 8);
    expect(editor.document.editing).toBe(false);
    expect(editor.document.history.undoCount).toBe(2);
  });

  for (const [seed, mode] of [
    [1, 'semantic'],
    [2, 'instance'],
    [3, 'panoptic'],
    [4, 'semantic'],
    [5, 'instance'],
    [6, 'panoptic'],
  ] as const) {
    it(`a random live drag (seed ${seed}, ${mode}): after every move the document is the one before plus the current polygon`, () => {
      const random = mulberry32(seed);
      const w = 24;
      const h = 20;
      const at = () => [Math.floor(random() * w), Math.floor(random() * h)] as [number, number];
      const strokes = Array.from({ length: 4 }, () => [1 + Math.floor(random() * 4), at(), at()] as const);
      const cut = seed >= 4;
      const behind = seed % 3 === 1;
      // Strokes of random classes under the polygon, some of them locked in instance projects.
      const setup = (e: TestEditor) => {
        e.setBrushSize(3);
        for (const [c, a, b] of strokes) e.key(String(c)).key('n').drag(a, b);
        if (mode === 'instance') e.document.setLocked(e.document.segmentIds()[0], true);
        if (!cut) e.key('4').key('n'); // a cut erases from the last stroke's instance (instance projects)
        e.paintBehind = behind;
      };
      const polygon = (xy: readonly number[]) => {
        const editor = new TestEditor(mode, w, h);
        setup(editor);
        editor.zoom = 1e6;
        editor.key('p');
        for (let i = 0; i < xy.length; i += 2) editor.click(xy[i], xy[i + 1]);
        editor.key('Enter', { shift: cut });
        return editor;
      };
      const vertices = [2.5, 2, 20, 3.5, 18, 17, 4, 15];
      const editor = polygon(vertices);
      editor.expectPathToBe('root.polygon.editing');
      for (let drag = 0; drag < 3; drag++) {
        const k = Math.floor(random() * 4);
        editor.pointerDown(vertices[2 * k], vertices[2 * k + 1], ALT).expectPathToBe('root.polygon.dragging');
        for (let move = 0; move < 6; move++) {
          vertices[2 * k] = random() * (w + 4) - 2;
          vertices[2 * k + 1] = random() * (h + 4) - 2;
          editor.pointerMove(vertices[2 * k], vertices[2 * k + 1]);
          const want = polygon(vertices);
          expect(editor.viewGrid()).toBe(want.viewGrid());
          expect(editor.document.toSegments()).toEqual(want.document.toSegments());
        }
        editor.pointerUp(vertices[2 * k], vertices[2 * k + 1]);
        if (editor.getPath() !== 'root.polygon.editing') break; // the polygon painted nothing: gone
        expect(editor.document.history.undoCount).toBe(polygon(vertices).document.history.undoCount);
      }
      editor.undo();
      const plain = new TestEditor(mode, w, h);
      setup(plain);
      expect(editor.document.toSegments()).toEqual(plain.document.toSegments());
    });
  }
});
