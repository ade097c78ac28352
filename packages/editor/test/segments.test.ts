import { decode, encode, mulberry32, rleFromString, rleToString } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { EditorDocument, type EditorMode, type Segment } from '../src/index.js';
import { newEditor, randomActions } from './random-session.js';
import { CLASSES, TestEditor } from './test-editor.js';

const options = (mode: EditorMode, width = 6, height = 4) => ({ mode, width, height, classes: CLASSES });

/** A segment from a row-major 0/1 grid string. */
function segment(id: number, categoryId: number, rows: string): Segment {
  const lines = rows
    .trim()
    .split('\n')
    .map((l) => l.trim());
  const height = lines.length;
  const width = lines[0].length;
  const data = new Uint8Array(width * height);
  lines.forEach((line, y) => {
    for (let x = 0; x < width; x++) data[y * width + x] = line[x] === '1' ? 1 : 0;
  });
  return {
    id,
    categoryId,
    segmentation: { size: [height, width], counts: rleToString(encode({ height, width, data })) },
  };
}

describe('toSegments / fromSegments', () => {
  for (const [mode, seed] of [
    ['semantic', 21],
    ['panoptic', 22],
    ['instance', 23],
  ] as [EditorMode, number][]) {
    it(`${mode}, seed ${seed}: toSegments matches each segment's pixels, and fromSegments(toSegments()) gives the same document`, () => {
      const editor = newEditor(mode, 280, 200);
      const actions = randomActions(seed, 120, 280, 200);
      // A save halfway and some undo/redo, so encodings kept from an earlier call must be refreshed.
      for (const action of actions.slice(0, 60)) action(editor);
      editor.document.toSegments();
      for (const action of actions.slice(60)) action(editor);
      for (let k = 0; k < 5; k++) editor.undo();
      editor.document.toSegments();
      for (let k = 0; k < 3; k++) editor.redo();
      const doc = editor.document;
      const segments = doc.toSegments();
      expect(segments.length).toBeGreaterThanOrEqual(mode === 'semantic' ? 2 : 4);
      for (const s of segments) {
        const rle = rleFromString(s.segmentation.counts, 200, 280);
        const bitmap = decode(rle).data;
        let area = 0;
        for (let i = 0; i < bitmap.length; i++) area += bitmap[i];
        expect(area, `segment ${s.id} is empty`).toBeGreaterThan(0);
        // From scratch: the segment's own pixels (label map or instance mask), encoded by core.
        const expected = new Uint8Array(280 * 200);
        const m = doc.segmentMask(s.id)!;
        for (let y = 0; y < m.height; y++) {
          for (let x = 0; x < m.width; x++) if (m.data[y * m.width + x]) expected[(m.y + y) * 280 + m.x + x] = 1;
        }
        expect(s.segmentation.counts).toBe(rleToString(encode({ height: 200, width: 280, data: expected })));
        if (mode !== 'instance') {
          for (let i = 0; i < bitmap.length; i++)
            if (bitmap[i] !== (doc.view[i] === s.id ? 1 : 0)) throw new Error('label map');
        }
      }
      const loaded = EditorDocument.fromSegments(segments, options(mode, 280, 200));
      expect(loaded.toSegments()).toEqual(segments);
      if (mode === 'instance') {
        // Hidden flags are not saved: compare with everything shown.
        for (const id of doc.segmentIds()) if (doc.segmentInfo(id)!.hidden) doc.setHidden(id, false);
      }
      expect(loaded.view).toEqual(doc.view);
    });
  }

  it('toSegments never emits an empty segment (an instance erased to nothing)', () => {
    const editor = new TestEditor('instance', 4, 2);
    editor.setBrushSize(1);
    editor.key('2').drag([0, 0], [3, 0]);
    editor.key('e').drag([0, 0], [3, 0]);
    expect(editor.document.hasSegment(1)).toBe(true);
    expect(editor.document.toSegments()).toEqual([]);
  });

  it('fromSegments: instance overlaps are allowed, later on top', () => {
    const doc = EditorDocument.fromSegments(
      [segment(5, 2, '1100\n1100'), segment(9, 4, '0110\n0110')],
      options('instance', 4, 2),
    );
    expect(Array.from(doc.view)).toEqual([5, 9, 9, 0, 5, 9, 9, 0]);
    expect(doc.segmentIds()).toEqual([5, 9]);
  });

  it('fromSegments rejects overlaps in semantic and panoptic projects, naming both segments', () => {
    for (const mode of ['semantic', 'panoptic'] as const) {
      expect(() =>
        EditorDocument.fromSegments([segment(1, 1, '1100\n0000'), segment(2, 2, '0100\n0000')], options(mode, 4, 2)),
      ).toThrow('segment 1 (id 2): overlaps segment 1 at pixel (1, 0)');
    }
  });

  it('fromSegments rejects a mask of another size, naming the segment', () => {
    const bad = segment(7, 1, '11\n11');
    expect(() => EditorDocument.fromSegments([bad], options('semantic', 4, 2))).toThrow(
      expect.objectContaining({
        code: 'SIZE_MISMATCH',
        message: expect.stringContaining('segment 0 (id 7): mask size is [2, 2]'),
      }),
    );
  });

  it('fromSegments rejects unknown classes, duplicate ids, bad ids, bad counts, two segments of one semantic class or stuff class', () => {
    const o = options('panoptic', 4, 2);
    expect(() => EditorDocument.fromSegments([segment(1, 99, '1000\n0000')], o)).toThrow(
      'categoryId 99 is not a class',
    );
    expect(() => EditorDocument.fromSegments([segment(1, 2, '1000\n0000'), segment(1, 2, '0100\n0000')], o)).toThrow(
      'id 1 is used by an earlier segment',
    );
    expect(() => EditorDocument.fromSegments([segment(0, 2, '1000\n0000')], o)).toThrow('ids are positive integers');
    expect(() =>
      EditorDocument.fromSegments([{ id: 3, categoryId: 2, segmentation: { size: [2, 4], counts: '!!' } }], o),
    ).toThrow(/segment 0 \(id 3\)/);
    // Stuff (road) twice in panoptic; things (car) twice are fine.
    expect(() => EditorDocument.fromSegments([segment(1, 1, '1000\n0000'), segment(2, 1, '0100\n0000')], o)).toThrow(
      'class 1 already has segment 1',
    );
    expect(
      EditorDocument.fromSegments([segment(1, 2, '1000\n0000'), segment(2, 2, '0100\n0000')], o).segmentIds(),
    ).toEqual([1, 2]);
    expect(() =>
      EditorDocument.fromSegments(
        [segment(1, 2, '1000\n0000'), segment(2, 2, '0100\n0000')],
        options('semantic', 4, 2),
      ),
    ).toThrow('semantic projects hold one segment per class');
    expect(() => EditorDocument.fromSegments({ segments: [] }, o)).toThrow('segments must be a list');
  });

  it('new segments get ids above the loaded ones', () => {
    const doc = EditorDocument.fromSegments([segment(40, 2, '1000\n0000')], options('instance', 4, 2));
    const editor = new TestEditor(doc);
    editor.setBrushSize(1);
    editor.key('n').clickPixel(3, 1);
    expect(doc.segmentIds()).toEqual([40, 41]);
  });

  it('large saved ids (imported COCO ids) are kept for saving; new segments save above them', () => {
    const doc = EditorDocument.fromSegments(
      [segment(900100581904, 2, '1000\n0000'), segment(5, 2, '0100\n0000')],
      options('instance', 4, 2),
    );
    const editor = new TestEditor(doc);
    editor.setBrushSize(1);
    editor.key('n').clickPixel(3, 1);
    expect(doc.toSegments().map((s) => s.id)).toEqual([900100581904, 5, 900100581907]);
    expect(Math.max(...doc.segmentIds())).toBeLessThan(10);
    expect(() =>
      EditorDocument.fromSegments(
        [segment(900100581904, 2, '1000\n0000'), segment(900100581904, 2, '0100\n0000')],
        options('instance', 4, 2),
      ),
    ).toThrow('segment 1 (id 900100581904): id 900100581904 is used by an earlier segment');
  });

  it('the render surface: listeners receive dirty rectangles; segmentInfo gives class, z and flags', () => {
    const editor = new TestEditor('instance', 40, 30);
    const calls: [string, number[]][] = [];
    editor.document.onChange((rects, ids) => calls.push([JSON.stringify(rects), [...ids]]));
    editor.setBrushSize(3);
    editor.key('2').pointerDown(10.5, 10.5);
    expect(calls.at(-1)![0]).toBe(JSON.stringify([{ x: 9, y: 9, width: 3, height: 3 }]));
    editor.pointerMove(20.5, 10.5);
    // Footprints at pixels 11..20 (10 was stamped on pointer down): x from 10 to 21.
    expect(calls.at(-1)![0]).toBe(JSON.stringify([{ x: 10, y: 9, width: 12, height: 3 }]));
    editor.pointerUp(20.5, 10.5);
    expect(editor.document.segmentInfo(1)).toEqual({ id: 1, categoryId: 2, z: 0, hidden: false, locked: false });
    calls.length = 0;
    editor.document.setHidden(1, true);
    expect(calls).toEqual([[JSON.stringify([{ x: 9, y: 9, width: 13, height: 3 }]), [1]]]);
    expect(editor.document.view[10 * 40 + 10]).toBe(0);
  });
});

describe('a seeded spot check of instance views at scale', () => {
  it('seed 5: 60 instances of random discs, the view equals the top-most visible mask at every pixel', () => {
    const random = mulberry32(5);
    const editor = new TestEditor('instance', 520, 300);
    editor.key('2');
    for (let i = 0; i < 60; i++) {
      editor.key('n');
      editor.setBrushSize(5 + Math.floor(random() * 60));
      editor.clickPixel(Math.floor(random() * 520), Math.floor(random() * 300));
    }
    const doc = editor.document;
    doc.setHidden(7, true);
    doc.raise(3);
    doc.deleteSegment(20);
    const view = new Uint32Array(520 * 300);
    for (const id of doc.segmentIds()) {
      if (doc.segmentInfo(id)!.hidden) continue;
      const m = doc.segmentMask(id)!;
      for (let y = 0; y < m.height; y++) {
        for (let x = 0; x < m.width; x++) if (m.data[y * m.width + x]) view[(m.y + y) * 520 + m.x + x] = id;
      }
    }
    expect(doc.view).toEqual(view);
  });
});
