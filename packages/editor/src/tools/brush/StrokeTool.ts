/**
 * Brush and eraser: `idle` → (pointer down) → `painting` (or `erasing`) → (pointer up) → `idle`.
 * A stroke is one action: the footprint at the pointer pixel on pointer down, then at every pixel
 * of the Bresenham line from each pointer pixel to the next (editor.md), flushed once per event so
 * the screen follows. Escape undoes the stroke in progress.
 */
import { bresenham } from '../../raster/bresenham.js';
import { pixelOf } from '../../raster/footprint.js';
import { type PointerInfo, StateNode } from '../state-node.js';

export type StrokeOp = 'paint' | 'erase';

class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(info: PointerInfo): void {
    const tool = this.parent as StrokeTool;
    if (!this.editor.beginStroke(tool.op, tool.id === 'brush' ? 'brush stroke' : 'eraser stroke')) return;
    const x = pixelOf(info.x);
    const y = pixelOf(info.y);
    this.editor.stamp(x, y);
    this.editor.document.flush();
    this.parent!.transition(tool.paintingId, { x, y });
  }
}

class Painting extends StateNode {
  private lastX = 0;
  private lastY = 0;

  constructor(
    editor: StrokeTool['editor'],
    readonly id: string,
  ) {
    super(editor);
  }

  override onEnter(info?: unknown): void {
    const { x, y } = info as { x: number; y: number };
    this.lastX = x;
    this.lastY = y;
  }

  private lineTo(info: PointerInfo): void {
    const x = pixelOf(info.x);
    const y = pixelOf(info.y);
    if (x === this.lastX && y === this.lastY) return;
    const points: number[] = [];
    bresenham(this.lastX, this.lastY, x, y, (px, py) => points.push(px, py));
    // The line's first pixel is the previous event's, already stamped.
    this.editor.stampAll(points, 2);
    this.lastX = x;
    this.lastY = y;
    this.editor.document.flush();
  }

  override onPointerMove(info: PointerInfo): void {
    this.lineTo(info);
  }

  override onPointerUp(info: PointerInfo): void {
    this.lineTo(info);
    this.editor.endStroke();
    this.parent!.transition('idle');
  }

  override onCancel(): void {
    this.editor.cancelStroke();
    this.parent!.transition('idle');
  }

  override onExit(): void {
    // Leaving mid-stroke (another tool chosen) keeps what was painted.
    if (this.editor.document.editing) this.editor.endStroke();
  }
}

export class StrokeTool extends StateNode {
  readonly paintingId: string;

  constructor(
    editor: StrokeTool['editor'],
    readonly id: 'brush' | 'eraser',
    readonly op: StrokeOp,
  ) {
    super(editor);
    this.paintingId = op === 'paint' ? 'painting' : 'erasing';
    this.addChildren(new Idle(editor), new Painting(editor, this.paintingId));
  }
}
