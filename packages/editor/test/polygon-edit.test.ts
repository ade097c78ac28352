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
});
