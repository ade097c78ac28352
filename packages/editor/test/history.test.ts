import { describe, expect, it } from 'vitest';
import { type EditorMode, History } from '../src/index.js';
import { documentState, newEditor, randomActions } from './random-session.js';
import type { TestEditor } from './test-editor.js';

const WIDTH = 300; // two tile columns, the second partial
const HEIGHT = 270; // two tile rows, the second partial

/** The view an instance document should show, recomputed from its masks: top-most visible per pixel. */
function recomputedView(editor: TestEditor): Uint32Array {
  const doc = editor.document;
  const view = new Uint32Array(doc.width * doc.height);
  for (const id of doc.segmentIds()) {
    if (doc.segmentInfo(id)!.hidden && doc.mode === 'instance') continue;
    const m = doc.segmentMask(id);
    if (!m) continue;
    for (let y = 0; y < m.height; y++) {
      for (let x = 0; x < m.width; x++) if (m.data[y * m.width + x]) view[(m.y + y) * doc.width + m.x + x] = id;
    }
  }
  return view;
}

describe('history', () => {
  for (const [mode, seed] of [
    ['semantic', 11],
    ['panoptic', 12],
    ['instance', 13],
  ] as [EditorMode, number][]) {
    it(`${mode}, seed ${seed}: 400 random actions, undone and redone step by step, match the from-scratch replay`, () => {
      const actions = randomActions(seed, 400, WIDTH, HEIGHT);
      // From scratch: the state after every action that made a step.
      const replay = newEditor(mode, WIDTH, HEIGHT);
      const states = [documentState(replay)];
      for (const action of actions) {
        const before = replay.document.history.undoCount;
        action(replay);
        if (replay.document.history.undoCount > before) states.push(documentState(replay));
      }
      expect(states.length - 1).toBe(replay.document.history.undoCount);
      expect(states.length).toBeGreaterThan(200);

      // Another editor does the same, checking the dirty rectangles and the view on the way.
      const editor = newEditor(mode, WIDTH, HEIGHT);
      let rects: { x: number; y: number; width: number; height: number }[] = [];
      editor.document.onChange((r) => rects.push(...r));
      for (const action of actions) {
        const before = editor.document.view.slice();
        rects = [];
        action(editor);
        const view = editor.document.view;
        for (let i = 0; i < view.length; i++) {
          if (view[i] === before[i]) continue;
          const x = i % WIDTH;
          const y = (i - x) / WIDTH;
          const covered = rects.some((r) => x >= r.x && y >= r.y && x < r.x + r.width && y < r.y + r.height);
          if (!covered) throw new Error(`pixel (${x}, ${y}) changed outside every dirty rectangle`);
        }
      }
      expect(documentState(editor)).toBe(states[states.length - 1]);
      expect(editor.document.view).toEqual(recomputedView(editor));

      const steps = states.length - 1;
      for (let k = steps; k > 0; k--) {
        expect(editor.undo()).toBe(true);
        const state = documentState(editor);
        if (state !== states[k - 1]) throw new Error(`after undoing step ${k}: differs from the replay`);
      }
      expect(editor.undo()).toBe(false);
      expect(editor.document.toSegments()).toEqual([]);
      for (let k = 1; k <= steps; k++) {
        expect(editor.redo()).toBe(true);
        if (documentState(editor) !== states[k]) throw new Error(`after redoing step ${k}: differs from the replay`);
      }
      expect(editor.redo()).toBe(false);
      expect(editor.document.view).toEqual(recomputedView(editor));
      expect(editor.document.history.byteSize).toBeGreaterThan(0);
    }, 300_000);
  }

  it('History keeps at most `limit` steps (never under 200), dropping the oldest', () => {
    const history = new History({ limit: 10 });
    expect(history.limit).toBe(200);
    const step = (n: number) => ({
      label: `s${n}`,
      tiles: [],
      meta: [],
      orderBefore: null,
      orderAfter: null,
      bytes: 10,
    });
    for (let i = 0; i < 250; i++) history.push(step(i));
    expect(history.undoCount).toBe(200);
    expect(history.byteSize).toBe(2000);
    expect(history.takeUndo()!.label).toBe('s249');
    history.push(step(999)); // drops the redo branch
    expect(history.redoCount).toBe(0);
  });

  it('History drops the oldest steps past maxBytes', () => {
    const history = new History({ maxBytes: 100 });
    for (let i = 0; i < 30; i++) {
      history.push({ label: `s${i}`, tiles: [], meta: [], orderBefore: null, orderAfter: null, bytes: 30 });
    }
    expect(history.undoCount).toBe(3);
    expect(history.byteSize).toBe(90);
  });

  it('a stroke step holds a run-length diff of the changed pixels only', () => {
    const editor = newEditor('semantic', 1024, 1024);
    editor.setBrushSize(5);
    editor.drag([10, 10], [500, 10]);
    // 5 rows × a few quads per row per tile, each quad 16 bytes, plus bookkeeping: far below a tile.
    expect(editor.document.history.byteSize).toBeLessThan(2000);
  });
});
