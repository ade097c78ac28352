import { describe, expect, it } from 'vitest';
import { grid, TestEditor } from './test-editor.js';

describe('keyboard', () => {
  it('b e p f v choose the tools', () => {
    const editor = new TestEditor('instance', 4, 4);
    for (const [key, path] of [
      ['e', 'root.eraser.idle'],
      ['p', 'root.polygon.idle'],
      ['f', 'root.fill.idle'],
      ['v', 'root.select.idle'],
      ['b', 'root.brush.idle'],
      ['E', 'root.eraser.idle'],
    ]) {
      expect(editor.keyDown(key)).toBe(true);
      editor.expectPathToBe(path);
    }
  });

  it('w picks the magic wand, l the edge-following lasso', () => {
    const editor = new TestEditor('semantic', 4, 4);
    expect(editor.keyDown('w')).toBe(true);
    editor.expectPathToBe('root.wand.idle');
    expect(editor.toolId).toBe('wand');
    expect(editor.keyDown('L')).toBe(true);
    editor.expectPathToBe('root.lasso.idle');
  });

  it('1..9 select the classes in the order of the project list; a missing one is unhandled', () => {
    const editor = new TestEditor('semantic', 4, 4);
    expect(editor.classId).toBe(1);
    editor.key('3');
    expect(editor.classId).toBe(3);
    expect(editor.keyDown('7')).toBe(false);
    expect(editor.classId).toBe(3);
  });

  it('Ctrl+Z undoes, Ctrl+Shift+Z redoes (Cmd counts as Ctrl), Ctrl+S asks to save', () => {
    const editor = new TestEditor('semantic', 3, 1);
    let saves = 0;
    editor.onSave = () => saves++;
    editor.setBrushSize(1);
    editor.clickPixel(0, 0).clickPixel(2, 0);
    editor.key('z', { ctrl: true });
    editor.expectView('1..');
    editor.key('Z', { meta: true, shift: true });
    editor.expectView('1.1');
    expect(editor.keyDown('s', { ctrl: true })).toBe(true);
    expect(saves).toBe(1);
  });

  it('brush and eraser keep their own size and shape; [ and ] change the current one', () => {
    const editor = new TestEditor('semantic', 4, 4);
    editor.setBrushSize(7);
    editor.setBrushShape('square');
    editor.key('e');
    editor.setBrushSize(3);
    editor.key(']');
    expect(editor.toolBrush).toEqual({ size: 4, shape: 'round' });
    editor.key('b');
    expect(editor.toolBrush).toEqual({ size: 7, shape: 'square' });
    editor.key('[');
    expect(editor.brush.size).toBe(6);
    editor.setBrushSize(0);
    expect(editor.brush.size).toBe(1);
  });

  it('arrow keys nudge the cursor by one image pixel, and paint while the button is down', () => {
    const editor = new TestEditor('semantic', 5, 3);
    editor.setBrushSize(1);
    editor.pointerMove(1.5, 1.5);
    editor.key('ArrowRight');
    expect(editor.cursor).toEqual({ x: 2.5, y: 1.5 });
    expect(editor.cursorFootprint()).toEqual({ x: 2, y: 1, width: 1, height: 1, data: new Uint8Array([1]) });
    editor.pointerDown(2.5, 1.5);
    editor.key('ArrowRight').key('ArrowRight').key('ArrowUp');
    editor.pointerUp(editor.cursor!.x, editor.cursor!.y);
    editor.expectView(`
      ....1
      ..111
      .....`);
  });

  it('n starts a new instance; Escape cancels; Enter outside a polygon does nothing', () => {
    const editor = new TestEditor('instance', 3, 1);
    editor.setBrushSize(1);
    editor.key('2').clickPixel(0, 0);
    editor.key('n');
    expect(editor.selectedId).toBeNull();
    editor.clickPixel(1, 0);
    expect(editor.selectedId).toBe(2);
    editor.key('Enter').key('Escape');
    expect(editor.viewGrid()).toBe(grid('12.'));
  });
});
