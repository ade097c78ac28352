/** Seeded random editing sessions, for the history and round-trip tests and the bench's checks. */
import { mulberry32 } from '@segkit/core';
import type { EditorMode } from '../src/index.js';
import { TestEditor } from './test-editor.js';

export type Action = (editor: TestEditor) => void;

/** `count` random actions on a width × height image: strokes, erasing, polygons, cuts, fills, instance ops. */
export function randomActions(seed: number, count: number, width: number, height: number): Action[] {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const actions: Action[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random();
    if (kind < 0.45) {
      const tool = random() < 0.75 ? 'b' : 'e';
      const size = 1 + int(40);
      const shape = random() < 0.5 ? 'round' : 'square';
      const points: [number, number][] = [];
      const n = 1 + int(6);
      for (let k = 0; k < n; k++) points.push([random() * (width + 20) - 10, random() * (height + 20) - 10]);
      actions.push((e) => {
        e.key(tool);
        e.setBrushSize(size);
        e.setBrushShape(shape);
        e.pointerDown(points[0][0], points[0][1]);
        for (const [x, y] of points.slice(1)) e.pointerMove(x, y);
        const last = points[points.length - 1];
        e.pointerUp(last[0], last[1]);
      });
    } else if (kind < 0.6) {
      const cut = random() < 0.3;
      const cx = random() * width;
      const cy = random() * height;
      const xy: number[] = [];
      const n = 3 + int(6);
      for (let k = 0; k < n; k++) {
        const a = (2 * Math.PI * k) / n;
        const r = 5 + random() * 80;
        xy.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
      }
      actions.push((e) => {
        e.zoom = 1e9; // never closes on a click: Enter or Shift+Enter does
        e.key('p');
        for (let k = 0; k < xy.length; k += 2) e.click(xy[k], xy[k + 1]);
        e.key('Enter', { shift: cut });
      });
    } else if (kind < 0.68) {
      const x = int(width);
      const y = int(height);
      actions.push((e) => e.key('f').clickPixel(x, y));
    } else if (kind < 0.8) {
      const key = random() < 0.5 ? 'n' : String(1 + int(4));
      actions.push((e) => e.key(key));
    } else {
      const op = int(7);
      const pick = random();
      const pick2 = random();
      actions.push((e) => {
        const doc = e.document;
        const ids = doc.segmentIds();
        if (ids.length === 0) return;
        const id = ids[Math.floor(pick * ids.length)];
        const other = ids[Math.floor(pick2 * ids.length)];
        if (op === 0) doc.merge(id, [other]);
        else if (op === 1) doc.split(id);
        else if (op === 2) doc.deleteSegment(id);
        else if (op === 3) doc.raise(id);
        else if (op === 4) doc.lower(id);
        else if (op === 5) doc.setHidden(id, !doc.segmentInfo(id)!.hidden);
        else doc.setLocked(id, !doc.segmentInfo(id)!.locked);
        e.select(doc.hasSegment(other) ? other : null);
      });
    }
  }
  return actions;
}

/** Everything observable about a document: the view (hashed), the saved segments and the segment table. */
export function documentState(editor: TestEditor): string {
  const doc = editor.document;
  let hash = 0x811c9dc5;
  const view = doc.view;
  for (let i = 0; i < view.length; i++) hash = Math.imul(hash ^ view[i], 16777619);
  const infos = doc.segmentIds().map((id) => doc.segmentInfo(id));
  return JSON.stringify({ view: hash >>> 0, segments: doc.toSegments(), infos });
}

export function newEditor(mode: EditorMode, width: number, height: number): TestEditor {
  return new TestEditor(mode, width, height);
}
