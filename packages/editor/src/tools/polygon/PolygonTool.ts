/**
 * Polygon: `idle` → (click) → `drawing` → (close) → `editing` ⇄ `dragging`.
 *
 * - `drawing`: a click adds a vertex at the pointer's image coordinates; `Enter`, or a click within
 *   4 CSS pixels of the first vertex (the editor's zoom turns CSS pixels into image pixels), closes
 *   it; `Shift+Enter` closes it as a cut; `Backspace` removes the last vertex; `Escape` drops it. A
 *   polygon closes with at least 3 vertices; before that, Enter does nothing and a click near the
 *   first vertex adds a vertex.
 * - `editing`: the closed polygon stays editable until another action. An Alt + pointer down within
 *   4 CSS pixels of a vertex grabs it (`dragging`); on an edge (within 4 CSS pixels), inserts a vertex
 *   there and grabs it (when another action came after the polygon, the editing ends instead). A
 *   pointer down without Alt ends the editing and starts a new polygon at that point, wherever it
 *   is: editor.md pins that a click adds a vertex, and a new polygon often starts on the previous
 *   one's vertex or edge (neighbouring regions, a hole drawn close to its outline). `Delete` or
 *   `Backspace` removes the selected vertex (the last one grabbed) while 3 would remain. Each edit
 *   re-rasterizes the polygon and amends its undo step (`Editor.amendPolygon`): the document is the
 *   document before the polygon plus the edited polygon. `Escape`, `Enter`, another tool, undo, a new
 *   instance or a class change end the editing.
 * - `dragging`: the grabbed vertex follows the pointer and the document shows the polygon
 *   re-rasterized at every move, live (`Editor.beginPolygonEdit` / `movePolygonEdit`): the
 *   polygon's undo step is open during the drag, and a move writes only the pixels that change
 *   between the previous outline and the new one (those left go back to the document before the
 *   polygon), so it costs the rasterization and the slivers the moved edges sweep, not the
 *   polygon's area: for a 20-vertex polygon of 6.6 million pixels at 4096 × 3072, ~1 ms a move
 *   (p95 4-10 ms), against 110-180 ms to re-rasterize and repaint it whole (too slow to follow the
 *   pointer: only that would have made an outline preview, painted on release, the better
 *   choice). The grab and the release cost one repaint of the polygon each (~70 and ~55 ms there).
 *   The pointer up closes the step (`endPolygonEdit`): the whole drag is the polygon's one step,
 *   and one undo returns to the document before the polygon. `Escape` puts the vertex back (or
 *   removes the inserted one) and closes the step with the polygon as it was; leaving the state
 *   any other way (another tool, undo) closes it as it is.
 */
import { type KeyInfo, type PointerInfo, StateNode } from '../state-node.js';

/** Distance, in CSS pixels, within which a click on the first vertex closes the polygon. */
export const CLOSE_DISTANCE_CSS = 4;

/** Distance, in CSS pixels, within which a pointer down grabs a vertex or an edge of a closed polygon. */
export const EDIT_DISTANCE_CSS = 4;

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
    if (this.editor.fillPolygon(vertices, cut)) this.parent!.transition('editing');
    else this.parent!.transition('idle');
  }
}

class Editing extends StateNode {
  readonly id = 'editing';

  private get tool(): PolygonTool {
    return this.parent as PolygonTool;
  }

  override onPointerDown(info: PointerInfo): void {
    const tool = this.tool;
    if (info.alt !== true) {
      this.parent!.transition('drawing', info);
      return;
    }
    const reach = EDIT_DISTANCE_CSS / this.editor.zoom;
    const vertex = nearestVertex(tool.vertices, info.x, info.y);
    if (vertex.distance <= reach) {
      this.grab(vertex.index, false);
      return;
    }
    const edge = nearestEdge(tool.vertices, info.x, info.y);
    if (edge.distance <= reach) {
      const at = edge.index + 1;
      tool.vertices.splice(2 * at, 0, info.x, info.y);
      this.grab(at, true);
      return;
    }
    // Away from the polygon: the editing is over, and this click starts the next polygon.
    this.parent!.transition('drawing', info);
  }

  /** Opens the polygon's live edit and drags vertex `index`; ends the editing when it cannot be edited. */
  private grab(index: number, inserted: boolean): void {
    if (this.editor.beginPolygonEdit(this.tool.vertices)) this.parent!.transition('dragging', { index, inserted });
    else this.parent!.transition('idle');
  }

  override onKeyDown(info: KeyInfo): void {
    const tool = this.tool;
    if (info.key === 'Delete' || info.key === 'Backspace') {
      const k = tool.selectedVertex;
      if (k < 0 || tool.vertexCount <= 3) return;
      tool.vertices.splice(2 * k, 2);
      tool.selectedVertex = -1;
      tool.commitEdit();
    } else if (info.key === 'Enter') {
      this.parent!.transition('idle');
    }
  }

  override onCancel(): void {
    this.parent!.transition('idle');
  }
}

class Dragging extends StateNode {
  readonly id = 'dragging';
  private index = 0;
  private inserted = false;
  private startX = 0;
  private startY = 0;

  private get tool(): PolygonTool {
    return this.parent as PolygonTool;
  }

  override onEnter(info?: unknown): void {
    const { index, inserted } = info as { index: number; inserted: boolean };
    this.index = index;
    this.inserted = inserted;
    this.startX = this.tool.vertices[2 * index];
    this.startY = this.tool.vertices[2 * index + 1];
    this.tool.selectedVertex = index;
  }

  override onPointerMove(info: PointerInfo): void {
    this.moveTo(info.x, info.y);
  }

  override onPointerUp(info: PointerInfo): void {
    this.moveTo(info.x, info.y);
    this.finish();
  }

  override onCancel(): void {
    const v = this.tool.vertices;
    if (this.inserted) {
      v.splice(2 * this.index, 2);
      this.tool.selectedVertex = -1;
    } else {
      v[2 * this.index] = this.startX;
      v[2 * this.index + 1] = this.startY;
    }
    this.editor.movePolygonEdit(v);
    this.finish();
  }

  override onExit(): void {
    // Left another way (another tool, undo): the drag so far is the polygon's step.
    if (this.editor.polygonEditOpen) this.editor.endPolygonEdit();
  }

  private moveTo(x: number, y: number): void {
    const v = this.tool.vertices;
    v[2 * this.index] = x;
    v[2 * this.index + 1] = y;
    this.editor.movePolygonEdit(v);
    this.editor.notify();
  }

  /** Closes the polygon's step; the editing goes on unless the polygon is gone (no pixels left). */
  private finish(): void {
    const kept = this.editor.endPolygonEdit();
    this.parent!.transition(kept ? 'editing' : 'idle');
  }
}

export class PolygonTool extends StateNode {
  readonly id = 'polygon';
  /** The open or edited polygon's vertices, flat [x0, y0, x1, y1, ...] in image coordinates. */
  vertices: number[] = [];
  /** Where the pointer is while drawing (the page draws the rubber band). */
  preview: PointerInfo | null = null;
  /** The closed polygon's selected vertex (grabbed last; Delete removes it), or -1. */
  selectedVertex = -1;

  constructor(editor: PolygonTool['editor']) {
    super(editor);
    this.addChildren(new Idle(editor), new Drawing(editor), new Editing(editor), new Dragging(editor));
  }

  override onExit(): void {
    this.vertices = [];
    this.selectedVertex = -1;
  }

  override transition(id: string, info?: unknown): void {
    if (id === 'idle' || id === 'drawing') {
      this.vertices = [];
      this.selectedVertex = -1;
    }
    super.transition(id, info);
  }

  get vertexCount(): number {
    return this.vertices.length / 2;
  }

  /** Whether a closed polygon is being edited. */
  get editing(): boolean {
    const id = this.current?.id;
    return id === 'editing' || id === 'dragging';
  }

  /** Ends the editing of a closed polygon (another action comes); nothing otherwise. */
  stopEditing(): void {
    if (this.editing) this.transition('idle');
  }

  /** Re-rasterizes the edited polygon into its undo step; ends the editing when that is no longer possible. */
  commitEdit(): void {
    if (!this.editor.amendPolygon(this.vertices)) this.transition('idle');
    else this.editor.notify();
  }

  /** Removes the last vertex of the open polygon (Ctrl+Z while drawing). */
  undoVertex(): void {
    const drawing = this.current as Drawing;
    if (drawing.id === 'drawing') drawing.removeLastVertex();
  }
}

/** The vertex nearest (x, y) and its distance in image units. */
function nearestVertex(v: readonly number[], x: number, y: number): { index: number; distance: number } {
  let index = -1;
  let distance = Number.POSITIVE_INFINITY;
  for (let k = 0; k < v.length; k += 2) {
    const d = Math.hypot(x - v[k], y - v[k + 1]);
    if (d < distance) {
      distance = d;
      index = k / 2;
    }
  }
  return { index, distance };
}

/** The edge (k: from vertex k to vertex k + 1, the last one closing) nearest (x, y) and its distance. */
function nearestEdge(v: readonly number[], x: number, y: number): { index: number; distance: number } {
  const n = v.length / 2;
  let index = -1;
  let distance = Number.POSITIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const ax = v[2 * k];
    const ay = v[2 * k + 1];
    const j = (k + 1) % n;
    const bx = v[2 * j];
    const by = v[2 * j + 1];
    const dx = bx - ax;
    const dy = by - ay;
    const length2 = dx * dx + dy * dy;
    const t = length2 === 0 ? 0 : Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / length2));
    const d = Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
    if (d < distance) {
      distance = d;
      index = k;
    }
  }
  return { index, distance };
}
