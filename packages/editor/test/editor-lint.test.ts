import { rleToString } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { EditorDocument } from '../src/index.js';
import { CLASSES, TestEditor } from './test-editor.js';

const OFF = { minIsland: 0, sliverWidth: 0 };

/** A ring of pixels (1..3, 1..3) without its centre (2, 2), drawn with a 1-pixel brush. */
function ring(editor: TestEditor): void {
  editor.setBrushSize(1);
  editor.drag([1, 1], [3, 1], [3, 3], [1, 3], [1, 2]);
}

describe('editor.lint', () => {
  it('semantic: the unlabeled half of the image, and the document ids of segments', () => {
    const editor = new TestEditor('semantic', 4, 4);
    editor.setBrushSize(1);
    editor.key('3').drag([0, 0], [0, 3], [1, 3], [1, 0]);
    //   33..
    //   33..
    //   33..
    //   33..
    const id = editor.document.segmentOfClass(3)!;
    expect(editor.lint(OFF)).toEqual([{ kind: 'unlabeled', bbox: [2, 0, 2, 4], pixels: 8 }]);
    // Default options: the segment is also an island (8 pixels < 16).
    expect(editor.lint()).toEqual([
      { kind: 'unlabeled', bbox: [2, 0, 2, 4], pixels: 8 },
      { kind: 'island', segmentId: id, bbox: [0, 0, 2, 4], pixels: 8 },
    ]);
  });

  it("panoptic: a thing with a hole is reported, stuff with a hole is not (the classes' isThing flags)", () => {
    const thing = new TestEditor('panoptic', 5, 5);
    thing.key('2');
    ring(thing);
    const car = thing.selectedId!;
    const findings = thing.lint(OFF);
    expect(findings.filter((f) => f.kind === 'hole')).toEqual([
      { kind: 'hole', segmentId: car, bbox: [2, 2, 1, 1], pixels: 1 },
    ]);
    expect(findings.filter((f) => f.kind === 'unlabeled').map((f) => f.pixels)).toEqual([16, 1]);

    const stuff = new TestEditor('panoptic', 5, 5);
    stuff.key('1');
    ring(stuff);
    expect(stuff.lint(OFF).filter((f) => f.kind === 'hole')).toEqual([]);
  });

  it('instance: an empty instance (kept by the document, dropped by toSegments) is reported', () => {
    const empty = rleToString({ counts: Uint32Array.of(4) });
    const doc = EditorDocument.fromSegments([{ id: 7, categoryId: 2, segmentation: { size: [2, 2], counts: empty } }], {
      mode: 'instance',
      width: 2,
      height: 2,
      classes: CLASSES,
    });
    const editor = new TestEditor(doc);
    expect(doc.toSegments()).toEqual([]);
    expect(editor.lint(OFF)).toEqual([{ kind: 'empty', segmentId: 7, bbox: [0, 0, 0, 0], pixels: 0 }]);
  });
});
