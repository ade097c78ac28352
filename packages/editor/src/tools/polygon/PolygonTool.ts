/**
 * Polygon: `idle` → (click) → `drawing`. In `drawing` a click adds a vertex at the pointer's image
 * coordinates; `Enter`, or a click within 4 CSS pixels of the first vertex (the editor's zoom turns
 * CSS pixels into image pixels), closes it; `Shift+Enter` closes it as a cut; `Backspace` removes the
 * last vertex; `Escape` drops it. A polygon closes with at least 3 vertices; before that, Enter does
 * nothing and a click near the first vertex adds a vertex.
 */
import { type KeyInfo, type PointerInfo, StateNode } from '../state-node.js';

/** Distance, in CSS pixels, within which a click on the first vertex closes the polygon. */
export const CLOSE_DISTANCE_CSS = 4;

class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(info: PointerInfo): void {
    this.parent!.transition('drawing', info);
  }
}

class Drawing extends StateNode {
  readonly id = 'drawing';

  override onEnter(info?: unknown): void {
    const { x, y } = info as PointerInfo;
    this.tool.vertices = [x, y];
  }

  override onExit(): void {
    this.tool.vertices = [];
    this.tool.preview = null;
  }

  private get tool(): PolygonTool {
    return this.parent as PolygonTool;
  }

  override onPointerDown(info: PointerInfo): void {
    const v = this.tool.vertices;
    if (v.length >= 6) {
      const distance = Math.hypot(info.x - v[0], info.y - v[1]) * this.editor.zoom;
      if (distance <= CLOSE_DISTANCE_CSS) {
        this.close(false);
        return;
      }
    }
    v.push(info.x, info.y);
    this.editor.notify();
  }

  override onPointerMove(info: PointerInfo): void {
    this.tool.preview = { x: info.x, y: info.y };
  }

  override onKeyDown(info: KeyInfo): void {
    if (info.key === 'Enter') {
      if (this.tool.vertices.length >= 6) this.close(info.shift);
    } else if (info.key === 'Backspace') {
      this.removeLastVertex();
    }
  }

  removeLastVertex(): void {
    this.tool.vertices.length -= 2;
    if (this.tool.vertices.length === 0) this.parent!.transition('idle');
    else this.editor.notify();
  }

  override onCancel(): void {
    this.parent!.transition('idle');
  }

  private close(cut: boolean): void {
    const vertices = this.tool.vertices.slice();
    this.parent!.transition('idle');
    this.editor.fillPolygon(vertices, cut);
  }
}

export class PolygonTool extends StateNode {
  readonly id = 'polygon';
  /** The open polygon's vertices, flat [x0, y0, x1, y1, ...] in image coordinates. */
  vertices: number[] = [];
  /** Where the pointer is while drawing (the page draws the rubber band). */
  preview: PointerInfo | null = null;

  constructor(editor: PolygonTool['editor']) {
    super(editor);
    this.addChildren(new Idle(editor), new Drawing(editor));
  }

  get vertexCount(): number {
    return this.vertices.length / 2;
  }

  /** Removes the last vertex of the open polygon (Ctrl+Z while drawing). */
  undoVertex(): void {
    const drawing = this.current as Drawing;
    if (drawing.id === 'drawing') drawing.removeLastVertex();
  }
}
