import { describe, expect, it } from 'vitest';
import { EditorDocument, type EditorMode, History } from '../src/index.js';
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

describe('EditorDocument.revertSpan', () => {
  for (const mode of ['semantic', 'instance'] as const) {
    it(`${mode}: revertSpan puts a span back as it was when the action began, across a tile edge; the step keeps the rest`, () => {
      const doc = EditorDocument.create({
        mode,
        width: 300,
        height: 8,
        classes: [
          { id: 1, name: 'a', isThing: mode === 'instance' },
          { id: 2, name: 'b', isThing: mode === 'instance' },
        ],
      });
      doc.beginEdit('a');
      const a = doc.createSegment(1);
      doc.paintSpan(5, 0, 300, a);
      doc.commitEdit();
      doc.beginEdit('b');
      const b = doc.createSegment(2);
      doc.paintSpan(5, 100, 300, b);
      doc.paintSpan(6, 0, 10, b);
      doc.revertSpan(5, 250, 270); // tiles 0 and 1 (the edge at x = 256)
      doc.revertSpan(6, 5, 20); // half of it painted in this action, half never touched
      doc.revertSpan(2, 0, 300); // never touched
      doc.flush();
      const row = (y: number) => Array.from(doc.view.subarray(y * 300, y * 300 + 300));
      const expected5 = [...Array(100).fill(a), ...Array(150).fill(b), ...Array(20).fill(a), ...Array(30).fill(b)];
      const expected6 = [...Array(5).fill(b), ...Array(295).fill(0)];
      expect(row(5)).toEqual(expected5);
      expect(row(6)).toEqual(expected6);
      expect(row(2)).toEqual(Array(300).fill(0));
      doc.commitEdit();
      expect(row(5)).toEqual(expected5);
      if (mode === 'instance') {
        // b's own mask: x 100..249 and 270..299 of row 5, x 0..4 of row 6; a's mask is untouched.
        const m = doc.segmentMask(b)!;
        expect([m.x, m.y, m.width, m.height]).toEqual([0, 5, 300, 2]);
        expect(Array.from(m.data.subarray(0, 300)).join('')).toBe(expected5.map((v) => (v === b ? 1 : 0)).join(''));
        expect(doc.segmentMask(a)!.data.every((v) => v === 1)).toBe(true);
      }
      doc.undo();
      expect(row(5)).toEqual(Array(300).fill(a));
      expect(row(6)).toEqual(Array(300).fill(0));
    });
  }
});
