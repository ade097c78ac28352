import { describe, expect, it } from 'vitest';
import { Editor, EditorDocument } from '../src/index.js';
import { CLASSES, TestEditor } from './test-editor.js';

/**
 * A 6×4 semantic document painted while editable: class 1 (segment 1) in rows 0–1, class 3
 * (segment 2) in columns 4–5 of rows 2–3, the rest unlabeled. Then made read-only.
 */
function readOnlyEditor(): TestEditor {
  const editor = new TestEditor('semantic', 6, 4);
  editor.setBrushSize(1);
  editor.drag([0, 0], [5, 0]);
  editor.drag([0, 1], [5, 1]);
  editor.key('3').drag([4, 2], [4, 3]);
  editor.drag([5, 2], [5, 3]);
  editor.key('1').key('b');
  editor.setReadOnly(true);
  return editor;
}

const PAINTED = `
  111111
  111111
  ....22
  ....22`;

describe('Editor.readOnly', () => {
  it('setReadOnly(true) makes select the tool; setTool and the tool keys cannot leave it', () => {
    const editor = readOnlyEditor();
    expect(editor.readOnly).toBe(true);
    editor.expectPathToBe('root.select.idle');
    editor.setTool('brush');
    editor.expectPathToBe('root.select.idle');
    for (const key of ['b', 'e', 'p', 'f', 'w', 'l']) {
      expect(editor.keyDown(key)).toBe(false);
      editor.expectPathToBe('root.select.idle');
    }
  });

  it('a drag, beginStroke (brush, eraser), fillAt, wandAt, fillPolygon (paint, cut) and amendPolygon change no pixel and record no step', () => {
    const editor = readOnlyEditor();
    const steps = editor.document.history.undoCount;
    editor.setImage(new Uint8Array(6 * 4 * 4), 6, 4);
    editor.drag([0, 3], [3, 3]);
    // The actions the tools call, called directly: each is refused.
    expect(editor.beginStroke('paint', 'brush stroke')).toBe(false);
    expect(editor.beginStroke('erase', 'eraser stroke')).toBe(false);
    editor.fillAt(0, 3);
    editor.wandAt(0, 3);
    expect(editor.fillPolygon([0, 2, 4, 2, 4, 4, 0, 4], false)).toBe(false);
    expect(editor.fillPolygon([0, 0, 6, 0, 6, 4, 0, 4], true)).toBe(false);
    expect(editor.amendPolygon([0, 2, 4, 2, 4, 4])).toBe(false);
    editor.expectView(PAINTED);
    expect(editor.document.history.undoCount).toBe(steps);
    expect(editor.document.editing).toBe(false);
  });

  it('keyDown uses no undo, redo, save, new-instance, class or size key, and undo() and redo() do nothing', () => {
    const editor = readOnlyEditor();
    let saves = 0;
    editor.onSave = () => {
      saves++;
    };
    expect(editor.keyDown('z', { ctrl: true })).toBe(false);
    expect(editor.keyDown('z', { ctrl: true, shift: true })).toBe(false);
    expect(editor.keyDown('y', { meta: true })).toBe(false);
    expect(editor.keyDown('s', { ctrl: true })).toBe(false);
    expect(editor.keyDown('n')).toBe(false);
    expect(editor.keyDown('3')).toBe(false);
    expect(editor.keyDown(']')).toBe(false);
    expect(editor.keyDown('Enter')).toBe(false);
    expect(editor.keyDown('Delete')).toBe(false);
    expect(editor.undo()).toBe(false);
    expect(editor.redo()).toBe(false);
    editor.expectView(PAINTED);
    expect(saves).toBe(0);
    expect(editor.classId).toBe(1);
    expect(editor.brush.size).toBe(1);
  });

  it('select, the cursor nudge and Escape still work', () => {
    const editor = readOnlyEditor();
    editor.clickPixel(5, 3);
    expect(editor.selectedId).toBe(2);
    expect(editor.classId).toBe(3);
    editor.clickPixel(0, 3);
    expect(editor.selectedId).toBe(null);
    expect(editor.keyDown('ArrowLeft')).toBe(true);
    expect(editor.cursor).toEqual({ x: -0.5, y: 3.5 });
    expect(editor.keyDown('Escape')).toBe(true);
    expect(editor.keyDown('v')).toBe(true);
    editor.expectPathToBe('root.select.idle');
  });

  it('setReadOnly(true) mid-stroke drops the stroke in progress; setReadOnly(false) lets the brush paint again', () => {
    const editor = new TestEditor('semantic', 4, 2);
    editor.setBrushSize(1);
    editor.pointerDown(0.5, 0.5).pointerMove(2.5, 0.5);
    editor.setReadOnly(true);
    editor.pointerUp(3.5, 0.5);
    editor.expectView(`
      ....
      ....`);
    expect(editor.document.history.undoCount).toBe(0);
    editor.setReadOnly(false);
    editor.key('b').drag([0, 1], [3, 1]);
    editor.expectClasses(`
      ....
      1111`);
  });

  it('new Editor({ readOnly: true }) opens on select and paints nothing', () => {
    const document = EditorDocument.create({ mode: 'instance', width: 3, height: 2, classes: CLASSES });
    const editor = new Editor({ document, readOnly: true });
    expect(editor.readOnly).toBe(true);
    expect(editor.toolId).toBe('select');
    editor.pointerDown(0.5, 0.5);
    editor.pointerUp(2.5, 1.5);
    expect(editor.fillPolygon([0, 0, 3, 0, 3, 2, 0, 2], false)).toBe(false);
    expect(Array.from(document.view)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(document.segmentIds()).toEqual([]);
  });
});
