/**
 * TestEditor, after tldraw's: the editor driven by pointer and key events in tests, with pixel
 * checks drawn as grids. Grid characters: `.` = 0, then 1-9, a-z for ids/classes 1..35.
 */
import { expect } from 'vitest';
import { Editor, type EditorClass, EditorDocument, type EditorMode, type KeyModifiers } from '../src/index.js';

export const CLASSES: EditorClass[] = [
  { id: 1, name: 'road' },
  { id: 2, name: 'car', isThing: true },
  { id: 3, name: 'sky' },
  { id: 4, name: 'person', isThing: true },
];

const CHARS = '.123456789abcdefghijklmnopqrstuvwxyz';
const charOf = (v: number): string => CHARS[v] ?? '#';

/** Trims a template grid: one row per non-empty line, spaces removed. */
export function grid(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ''))
    .filter((line) => line.length > 0)
    .join('\n');
}

export function gridOf(values: ArrayLike<number>, width: number, height: number): string {
  const rows: string[] = [];
  for (let y = 0; y < height; y++) {
    let row = '';
    for (let x = 0; x < width; x++) row += charOf(values[y * width + x]);
    rows.push(row);
  }
  return rows.join('\n');
}

export class TestEditor extends Editor {
  constructor(mode: EditorMode | EditorDocument, width = 0, height = 0, classes: EditorClass[] = CLASSES) {
    super({
      document: typeof mode === 'string' ? EditorDocument.create({ mode, width, height, classes }) : mode,
    });
  }

  override pointerDown(x: number, y: number, modifiers: KeyModifiers = {}): this {
    super.pointerDown(x, y, modifiers);
    return this;
  }

  override pointerMove(x: number, y: number): this {
    super.pointerMove(x, y);
    return this;
  }

  override pointerUp(x: number, y: number): this {
    super.pointerUp(x, y);
    return this;
  }

  /** Pointer down and up at the centre of pixel (px, py). */
  clickPixel(px: number, py: number): this {
    return this.pointerDown(px + 0.5, py + 0.5).pointerUp(px + 0.5, py + 0.5);
  }

  click(x: number, y: number): this {
    return this.pointerDown(x, y).pointerUp(x, y);
  }

  /** A drag through pixel centres: down at the first, a move per following one, up at the last. */
  drag(...pixels: [number, number][]): this {
    const [first, ...rest] = pixels;
    this.pointerDown(first[0] + 0.5, first[1] + 0.5);
    for (const [x, y] of rest) this.pointerMove(x + 0.5, y + 0.5);
    const last = pixels[pixels.length - 1];
    return this.pointerUp(last[0] + 0.5, last[1] + 0.5);
  }

  key(key: string, modifiers: KeyModifiers = {}): this {
    this.keyDown(key, modifiers);
    return this;
  }

  expectPathToBe(path: string): this {
    expect(this.getPath()).toBe(path);
    return this;
  }

  /** The view as segment ids. */
  viewGrid(): string {
    return gridOf(this.document.view, this.document.width, this.document.height);
  }

  /** The class shown per pixel. */
  classGrid(): string {
    const { width, height, view } = this.document;
    const classes = new Uint32Array(view.length);
    for (let i = 0; i < view.length; i++) classes[i] = view[i] && this.document.segmentInfo(view[i])!.categoryId;
    return gridOf(classes, width, height);
  }

  /** One segment's own mask (covered pixels included), as 1s. */
  maskGrid(id: number): string {
    const { width, height } = this.document;
    const full = new Uint8Array(width * height);
    const m = this.document.segmentMask(id);
    if (m) {
      for (let y = 0; y < m.height; y++) {
        for (let x = 0; x < m.width; x++) if (m.data[y * m.width + x]) full[(m.y + y) * width + m.x + x] = 1;
      }
    }
    return gridOf(full, width, height);
  }

  expectView(expected: string): this {
    expect(this.viewGrid()).toBe(grid(expected));
    return this;
  }

  expectClasses(expected: string): this {
    expect(this.classGrid()).toBe(grid(expected));
    return this;
  }
}
