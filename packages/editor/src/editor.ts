/**
 * The headless editor: a document, the tool state chart, and what the page shows around them (the
 * current class, the selection, brush settings, the cursor, the zoom). No DOM: the page converts
 * CSS pointer positions to image coordinates (fractional) and calls `pointerDown/Move/Up` for every
 * event, coalesced ones included, and `keyDown` for keys outside text inputs.
 *
 * Painting rules (editor.md): semantic and panoptic painting replaces (one segment per pixel);
 * instance projects keep one mask per instance, later on top. Strokes, polygons and fills of an
 * instance class (instance projects; thing classes in panoptic ones) go into the selected instance;
 * `n` or a class change makes the next one start a new instance, as does having nothing selected.
 * "Paint behind" paints only pixels no segment covers.
 *
 * A read-only editor (`readOnly`: a reviewer's view, or anyone the server does not let save) shows
 * the same document with select, the cursor and the zoom, and changes no label: see `readOnly`.
 */
import { type Rle, SegkitError } from '@segkit/core';
import { checkBufferLength } from './algorithms/check.js';
import type { BoxMask } from './algorithms/enclosed.js';
import { floodFill } from './algorithms/flood-fill.js';
import { type LintFinding, type LintOptions, type LintSegment, lint } from './algorithms/lint.js';
import { magicWand } from './algorithms/magic-wand.js';
import { scanlineFill } from './algorithms/scanline-fill.js';
import type { EditorDocument } from './document/editor-document.js';
import type { HistoryStep } from './document/history.js';
import { type BrushShape, footprint, footprintBitmap, MAX_BRUSH_DIAMETER } from './raster/footprint.js';
import { polygonSpans } from './raster/polygon-spans.js';
import { forEachSpan, maskSpans, subtractSpans } from './raster/spans.js';
import type { StrokeOp } from './tools/brush/StrokeTool.js';
import { RootState, type ToolId } from './tools/root.js';
import type { KeyInfo } from './tools/state-node.js';

export interface BrushSettings {
  size: number;
  shape: BrushShape;
}

export interface EditorOptions {
  document: EditorDocument;
  /** The class painted first (default: the first class of the project). */
  classId?: number;
  /** Called for Ctrl+S (the page asks its SaveController to save now). */
  onSave?: () => void;
  /** The project's polygon vertex budget (its 20-vertex test): `polygonOverVertexLimit` past it (default 20). */
  vertexLimit?: number;
  /** Opens the editor read-only (see `Editor.readOnly`; default false). */
  readOnly?: boolean;
}

/** The image under the labels, row-major RGBA at the document's size (ImageData's layout). */
export interface EditorImage {
  readonly rgba: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** What the last closed polygon painted, so its vertices can be edited (one undo step, amended). */
interface ClosedPolygon {
  step: HistoryStep;
  op: StrokeOp;
  target: number;
  behind: boolean;
  selectionBefore: number | null;
}

export interface KeyModifiers {
  shift?: boolean;
  ctrl?: boolean;
  /** The Command key on macOS counts as Ctrl. */
  meta?: boolean;
  alt?: boolean;
}

const TOOL_KEYS: Record<string, ToolId> = {
  b: 'brush',
  e: 'eraser',
  p: 'polygon',
  f: 'fill',
  w: 'wand',
  l: 'lasso',
  v: 'select',
};
const NUDGE: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};
/** The keys a read-only editor takes: select, Escape and the cursor nudges. */
const READ_ONLY_KEYS = new Set(['v', 'Escape', ...Object.keys(NUDGE)]);

export class Editor {
  readonly document: EditorDocument;
  readonly root: RootState;
  /** CSS pixels per image pixel; the polygon's close distance depends on it. */
  zoom = 1;
  /** Only unlabeled pixels get painted. */
  paintBehind = false;
  readonly brush: BrushSettings = { size: 10, shape: 'round' };
  readonly eraser: BrushSettings = { size: 20, shape: 'round' };
  /**
   * The magic wand's colour tolerance: a pixel joins the region when each of its R, G, B differs from
   * the clicked pixel's by at most this much (0..255; see `magicWand`).
   */
  wandTolerance = 32;
  /** The polygon vertex budget (the project's vertex test); see `polygonOverVertexLimit`. */
  vertexLimit: number;
  /** The pointer in image coordinates, or null when it is outside the canvas. */
  cursor: { x: number; y: number } | null = null;
  onSave: (() => void) | undefined;
  private readOnlyValue: boolean;
  private classIdValue: number | null;
  private selectedIdValue: number | null = null;
  // The stroke in progress: its operation, target segment, and the selection before it.
  private strokeOp: StrokeOp = 'paint';
  private strokeTarget = 0;
  private selectionBefore: number | null = null;
  private strokeBehind = false;
  private closedPolygon: ClosedPolygon | null = null;
  // The spans of the polygon as painted in its open live edit, or null.
  private polygonEditSpans: number[] | null = null;
  private imageValue: EditorImage | null = null;
  private imageVersionValue = 0;
  // Whole-image scratch of the fill and the wand (a Region's mask), grown once.
  private regionScratch = new Uint8Array(0);
  private readonly stateListeners = new Set<() => void>();

  constructor(options: EditorOptions) {
    this.document = options.document;
    this.onSave = options.onSave;
    this.vertexLimit = options.vertexLimit ?? 20;
    this.classIdValue = options.classId ?? this.document.classes[0]?.id ?? null;
    this.readOnlyValue = options.readOnly ?? false;
    this.root = new RootState(this);
    this.root.enter();
    this.root.transition(this.readOnlyValue ? 'select' : 'brush');
  }

  /**
   * Whether the editor is read-only. Then no label changes: the only tool is select (`setTool`
   * refuses the others, and their keys, `n`, the class keys, `[ ]`, Ctrl+Z, Ctrl+Shift+Z and
   * Ctrl+S go unused: `keyDown` returns false), undo and redo do nothing, and every paint, erase,
   * fill, wand or polygon action is a no-op that records no step (`beginStroke` returns false).
   * Selecting a segment, the cursor, its nudges, Escape and the zoom work as ever.
   */
  get readOnly(): boolean {
    return this.readOnlyValue;
  }

  /** Makes the editor read-only (the action in progress is cancelled, the tool becomes select) or editable again. */
  setReadOnly(readOnly: boolean): void {
    if (readOnly === this.readOnlyValue) return;
    if (readOnly) {
      this.cancel();
      this.root.polygon.stopEditing();
      this.closedPolygon = null;
      // Flagged after the switch: leaving a tool mid-action must not find it refused halfway.
      if (this.toolId !== 'select') this.root.transition('select');
    }
    this.readOnlyValue = readOnly;
    this.notify();
  }

  // ---- State the page shows --------------------------------------------------------------------

  get classId(): number | null {
    return this.classIdValue;
  }

  get selectedId(): number | null {
    return this.selectedIdValue;
  }

  get toolId(): ToolId {
    return this.root.current!.id as ToolId;
  }

  /** The current state path, e.g. `root.brush.painting`. */
  getPath(): string {
    return this.root.path;
  }

  /** The current tool's brush settings (the eraser keeps its own). */
  get toolBrush(): BrushSettings {
    return this.toolId === 'eraser' ? this.eraser : this.brush;
  }

  /** Vertices of the polygon being drawn, or of the closed polygon being edited (flat x, y pairs). */
  get polygonVertices(): readonly number[] {
    return this.root.polygon.vertices;
  }

  /** The live vertex count of the polygon being drawn or edited (0 when there is none). */
  get polygonVertexCount(): number {
    return this.root.polygon.vertexCount;
  }

  /** Whether the polygon being drawn or edited has more vertices than `vertexLimit`. */
  get polygonOverVertexLimit(): boolean {
    return this.root.polygon.vertexCount > this.vertexLimit;
  }

  /** The closed polygon's selected vertex (the one Delete removes), or -1. */
  get polygonSelectedVertex(): number {
    return this.root.polygon.selectedVertex;
  }

  /** The edge-following lasso's fixed outline so far: pixels as flat x, y pairs, first anchor first. */
  get lassoPath(): readonly number[] {
    return this.root.lasso.outline;
  }

  /** The lasso's anchors (clicked pixels, the first one included) as flat x, y pairs. */
  get lassoAnchors(): readonly number[] {
    return this.root.lasso.anchors;
  }

  /**
   * The lasso's live segment while the pointer moves: the pixels of the shortest edge path from the
   * last anchor to the pointer (flat x, y pairs, the anchor first), or null. The page draws it.
   */
  get lassoPreview(): Int32Array | null {
    return this.root.lasso.preview;
  }

  /** The image the wand and the lasso read, or null before `setImage`. */
  get image(): EditorImage | null {
    return this.imageValue;
  }

  /** Increases with every `setImage` (the lasso recomputes its edge costs when it changes). */
  get imageVersion(): number {
    return this.imageVersionValue;
  }

  /**
   * Gives the editor the image's pixels (row-major RGBA, the document's width and height: the
   * image's native resolution, never the screen's), for the magic wand and the lasso. The array is
   * kept, not copied.
   */
  setImage(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): void {
    const doc = this.document;
    if (width !== doc.width || height !== doc.height) {
      throw new SegkitError(
        'SIZE_MISMATCH',
        `image is ${width}×${height} but the document is ${doc.width}×${doc.height}`,
        ['editor: setImage'],
      );
    }
    checkBufferLength('editor: setImage', 'rgba', rgba, width, height, 4);
    this.imageValue = { rgba, width, height };
    this.imageVersionValue++;
    this.notify();
  }

  /** Registers a listener for tool, class, selection, settings and cursor changes. */
  onStateChange(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.stateListeners) listener();
  }

  /** Makes `id` the current tool (a read-only editor keeps select). */
  setTool(id: ToolId): void {
    if (this.readOnlyValue && id !== 'select') return;
    if (this.toolId !== id) this.root.transition(id);
  }

  /** Makes `classId` the class painted; the next instance stroke starts a new instance. */
  setClass(classId: number): void {
    if (!this.document.classInfo(classId)) return;
    if (classId !== this.classIdValue) {
      this.selectedIdValue = null;
      this.root.polygon.stopEditing();
    }
    this.classIdValue = classId;
    this.notify();
  }

  /** Selects a segment (and its class, without starting a new instance), or nothing. */
  select(id: number | null): void {
    const info = id === null ? undefined : this.document.segmentInfo(id);
    this.selectedIdValue = info ? id : null;
    if (info) this.classIdValue = info.categoryId;
    this.notify();
  }

  /** `n`: the next stroke, polygon or fill starts a new instance. */
  newInstance(): void {
    this.selectedIdValue = null;
    this.root.polygon.stopEditing();
    this.notify();
  }

  setBrushSize(size: number): void {
    const settings = this.toolBrush;
    settings.size = Math.min(MAX_BRUSH_DIAMETER, Math.max(1, Math.round(size) || 1));
    this.notify();
  }

  setBrushShape(shape: BrushShape): void {
    this.toolBrush.shape = shape;
    this.notify();
  }

  /**
   * The exact pixels the current brush or eraser would paint at the cursor, as a bitmap at (x, y)
   * (not clipped to the image), or null when the tool has no footprint or the cursor is away.
   */
  cursorFootprint(): { x: number; y: number; width: number; height: number; data: Uint8Array } | null {
    if (!this.cursor || (this.toolId !== 'brush' && this.toolId !== 'eraser')) return null;
    const { size, shape } = this.toolBrush;
    return footprintBitmap(footprint(size, shape), Math.floor(this.cursor.x), Math.floor(this.cursor.y));
  }

  // ---- Input -----------------------------------------------------------------------------------

  pointerDown(x: number, y: number, modifiers: KeyModifiers = {}): void {
    this.cursor = { x, y };
    this.root.handle({ name: 'pointer_down', info: { x, y, alt: modifiers.alt === true } });
  }

  pointerMove(x: number, y: number): void {
    this.cursor = { x, y };
    this.root.handle({ name: 'pointer_move', info: { x, y } });
    this.notify();
  }

  pointerUp(x: number, y: number): void {
    this.cursor = { x, y };
    this.root.handle({ name: 'pointer_up', info: { x, y } });
  }

  /** Escape: cancels the current tool's action. */
  cancel(): void {
    this.root.handle({ name: 'cancel' });
  }

  /**
   * A key press (KeyboardEvent.key and modifiers). Returns whether the editor used it, so the page
   * can preventDefault.
   */
  keyDown(key: string, modifiers: KeyModifiers = {}): boolean {
    const info: KeyInfo = {
      key,
      shift: modifiers.shift ?? false,
      ctrl: (modifiers.ctrl ?? false) || (modifiers.meta ?? false),
      alt: modifiers.alt ?? false,
    };
    const k = key.length === 1 ? key.toLowerCase() : key;
    if (this.readOnlyValue && !READ_ONLY_KEYS.has(k)) return false;
    if (info.ctrl) {
      if (k === 'z' || k === 'y') {
        if (k === 'z' && !info.shift && this.getPath() === 'root.polygon.drawing') this.root.polygon.undoVertex();
        else if (k === 'y' || info.shift) this.redo();
        else this.undo();
        return true;
      }
      if (k === 's') {
        this.onSave?.();
        return true;
      }
      return false;
    }
    const tool = TOOL_KEYS[k];
    if (tool) {
      this.setTool(tool);
      return true;
    }
    if (k === 'n') {
      this.newInstance();
      return true;
    }
    if (k >= '1' && k <= '9' && k.length === 1) {
      const c = this.document.classes[Number(k) - 1];
      if (c) this.setClass(c.id);
      return c !== undefined;
    }
    if (k === 'Escape') {
      this.cancel();
      return true;
    }
    if (k === '[' || k === ']') {
      this.setBrushSize(this.toolBrush.size + (k === '[' ? -1 : 1));
      return true;
    }
    const nudge = NUDGE[k];
    if (nudge) {
      if (!this.cursor) return false;
      // One image pixel; the pointer keeps its position inside the pixel.
      this.pointerMove(this.cursor.x + nudge[0], this.cursor.y + nudge[1]);
      return true;
    }
    if (k === 'Enter' || k === 'Backspace' || k === 'Delete') {
      this.root.handle({ name: 'key_down', info });
      return true;
    }
    return false;
  }

  undo(): boolean {
    if (this.readOnlyValue) return false;
    this.root.polygon.stopEditing();
    const done = this.document.undo();
    this.dropMissingSelection();
    return done;
  }

  redo(): boolean {
    if (this.readOnlyValue) return false;
    this.root.polygon.stopEditing();
    const done = this.document.redo();
    this.dropMissingSelection();
    return done;
  }

  private dropMissingSelection(): void {
    if (this.selectedIdValue !== null && !this.document.hasSegment(this.selectedIdValue)) {
      this.selectedIdValue = null;
    }
    this.notify();
  }

  // ---- What the tools do -----------------------------------------------------------------------

  /**
   * The segment painting goes into, created inside the open action when needed: the class's one
   * segment (semantic, panoptic stuff), or the selected instance of the current class, or a new
   * instance (then selected). Null when no class is chosen.
   */
  private paintTarget(): number | null {
    const doc = this.document;
    const classId = this.classIdValue;
    if (classId === null) return null;
    if (!doc.isInstanceClass(classId)) return doc.segmentOfClass(classId) ?? doc.createSegment(classId);
    const selected = this.selectedIdValue;
    if (selected !== null && doc.segmentInfo(selected)?.categoryId === classId) return selected;
    const id = doc.createSegment(classId);
    this.selectedIdValue = id;
    return id;
  }

  /** The segment erasing takes pixels from: every segment (0) in semantic and panoptic projects, the selected instance otherwise. */
  private eraseTarget(): number | null {
    if (this.document.mode !== 'instance') return 0;
    const selected = this.selectedIdValue;
    return selected !== null && this.document.hasSegment(selected) ? selected : null;
  }

  /** Opens the action of one stroke, polygon or fill; false when there is nothing to paint into or the editor is read-only. */
  private beginAction(op: StrokeOp, label: string): boolean {
    const doc = this.document;
    if (doc.editing || this.readOnlyValue) return false;
    this.selectionBefore = this.selectedIdValue;
    doc.beginEdit(label);
    const target = op === 'paint' ? this.paintTarget() : this.eraseTarget();
    if (target === null) {
      doc.cancelEdit();
      return false;
    }
    this.strokeOp = op;
    this.strokeTarget = target;
    this.strokeBehind = this.paintBehind;
    return true;
  }

  /** Closes the action; returns whether it recorded a step. */
  private endAction(): boolean {
    const recorded = this.document.commitEdit({ dropIfNoPixels: true });
    if (!recorded) this.selectedIdValue = this.selectionBefore;
    this.dropMissingSelection();
    return recorded;
  }

  /** Called by the stroke tools. */
  beginStroke(op: StrokeOp, label: string): boolean {
    return this.beginAction(op, label);
  }

  endStroke(): void {
    this.endAction();
  }

  cancelStroke(): void {
    this.document.cancelEdit();
    this.selectedIdValue = this.selectionBefore;
    this.notify();
  }

  /** Applies the current tool's footprint at pixel (cx, cy) to the open stroke. */
  stamp(cx: number, cy: number): void {
    const { size, shape } = this.toolBrush;
    const spans = footprint(size, shape).spans;
    this.applySpans(spans, cx, cy);
  }

  /**
   * Applies the footprint at pixels (points[k], points[k + 1]) for k from `from`: the union of the
   * footprints, painted once per pixel (each row's intervals sorted and merged), not once per stamp.
   */
  stampAll(points: readonly number[], from = 0): void {
    if (points.length - from <= 2) {
      if (points.length - from === 2) this.stamp(points[from], points[from + 1]);
      return;
    }
    const { size, shape } = this.toolBrush;
    const fp = footprint(size, shape);
    let minY = Number.POSITIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (let k = from + 1; k < points.length; k += 2) {
      minY = Math.min(minY, points[k]);
      maxY = Math.max(maxY, points[k]);
    }
    const y0 = minY + fp.min;
    const rows: number[][] = [];
    for (let y = y0; y <= maxY + fp.max; y++) rows.push([]);
    const { spans } = fp;
    for (let k = from; k < points.length; k += 2) {
      const px = points[k];
      const py = points[k + 1];
      for (let i = 0; i < spans.length; i += 3) rows[py + spans[i] - y0].push(px + spans[i + 1], px + spans[i + 2]);
    }
    const merged: number[] = [];
    for (let r = 0; r < rows.length; r++) {
      const list = rows[r];
      if (list.length === 0) continue;
      const order = Array.from({ length: list.length / 2 }, (_, i) => i);
      order.sort((a, b) => list[2 * a] - list[2 * b]);
      let a = list[2 * order[0]];
      let b = list[2 * order[0] + 1];
      for (let j = 1; j < order.length; j++) {
        const s = list[2 * order[j]];
        const e = list[2 * order[j] + 1];
        if (s <= b) {
          if (e > b) b = e;
        } else {
          merged.push(y0 + r, a, b);
          a = s;
          b = e;
        }
      }
      merged.push(y0 + r, a, b);
    }
    this.applySpans(merged, 0, 0);
  }

  private applySpans(spans: ArrayLike<number>, ox: number, oy: number): void {
    const doc = this.document;
    const target = this.strokeTarget;
    if (this.strokeOp === 'paint') {
      for (let i = 0; i < spans.length; i += 3) {
        doc.paintSpan(oy + spans[i], ox + spans[i + 1], ox + spans[i + 2], target, this.strokeBehind);
      }
    } else {
      for (let i = 0; i < spans.length; i += 3)
        doc.eraseSpan(oy + spans[i], ox + spans[i + 1], ox + spans[i + 2], target);
    }
  }

  /**
   * Fills the region under pixel (x, y) with the current class (one action): `floodFill` on the
   * label map (semantic, panoptic; a locked segment's region is not filled), or, in instance
   * projects, the scanline fill over the pixels no instance covers.
   */
  fillAt(x: number, y: number): void {
    const doc = this.document;
    const inside = doc.fillRegionAt(x, y);
    if (!inside) return;
    const w = doc.width;
    const region =
      doc.mode === 'instance'
        ? scanlineFill(
            w,
            doc.height,
            y * w + x,
            (i) => {
              const px = i % w;
              return inside(px, (i - px) / w);
            },
            this.scratch(),
          )
        : floodFill(doc.view, w, doc.height, x, y, this.scratch());
    this.paintRegion(maskSpans(region.mask, w, region.bbox), 'fill');
  }

  /**
   * Magic wand at pixel (x, y): the 4-connected region of the image's pixels within
   * `wandTolerance` of the clicked colour (`magicWand`, at the image's native resolution), painted
   * like a fill: into the current class's segment or the selected / a new instance, replacing
   * (semantic, panoptic) unless painting behind; locked segments keep their pixels. One action.
   * Nothing happens without an image or outside it.
   */
  wandAt(x: number, y: number): void {
    const image = this.imageValue;
    const doc = this.document;
    if (!image || x < 0 || y < 0 || x >= doc.width || y >= doc.height) return;
    const region = magicWand(image.rgba, image.width, image.height, x, y, this.wandTolerance, this.scratch());
    this.paintRegion(maskSpans(region.mask, doc.width, region.bbox), 'magic wand');
  }

  private scratch(): Uint8Array {
    const n = this.document.width * this.document.height;
    if (this.regionScratch.length !== n) this.regionScratch = new Uint8Array(n);
    return this.regionScratch;
  }

  private paintRegion(spans: readonly number[], label: string): void {
    if (spans.length === 0 || !this.beginAction('paint', label)) return;
    this.applySpans(spans, 0, 0);
    this.endAction();
  }

  /**
   * Paints (or, as a cut, erases) a closed polygon, rasterized exactly as pycocotools' frPyObjects
   * rasterizes the same vertices (core's polygonToRle), as one action. Returns whether it recorded
   * a step; then `amendPolygon` can replace it while the polygon is edited.
   */
  fillPolygon(vertices: readonly number[], cut: boolean): boolean {
    const doc = this.document;
    const spans = polygonSpans(vertices, doc.height, doc.width);
    this.closedPolygon = null;
    if (!this.beginAction(cut ? 'erase' : 'paint', cut ? 'polygon cut' : 'polygon')) return false;
    const selectionBefore = this.selectionBefore;
    this.applySpans(spans, 0, 0);
    if (!this.endAction()) return false;
    this.closedPolygon = {
      step: doc.lastStep!,
      op: this.strokeOp,
      target: this.strokeTarget,
      behind: this.strokeBehind,
      selectionBefore,
    };
    return true;
  }

  /**
   * Paints (or, as a cut, erases) the pixels of `mask` (a box of the image, 1 = in, clipped to the
   * image) as one action named `label` (a cut: `${label} cut`). Returns whether it recorded a step.
   */
  fillMask(mask: BoxMask, cut: boolean, label: string): boolean {
    const spans: number[] = [];
    forEachSpan(mask.data, mask.width, mask.height, mask.x, mask.y, 1, (y, a, b) => spans.push(y, a, b));
    if (spans.length === 0 || !this.beginAction(cut ? 'erase' : 'paint', cut ? `${label} cut` : label)) return false;
    this.applySpans(spans, 0, 0);
    return this.endAction();
  }

  /**
   * Replaces the last closed polygon's pixels by those of `vertices` (its edited outline): the
   * document becomes the document before the polygon plus the new polygon, in the same class,
   * segment and paint-behind setting, and the polygon's undo step is amended, not added to. Returns
   * false when there is nothing to amend (another action came after the polygon, or the edited
   * polygon changes no pixel: then the polygon and its step are gone).
   */
  amendPolygon(vertices: readonly number[]): boolean {
    return this.beginPolygonEdit(vertices) && this.endPolygonEdit();
  }

  /**
   * Opens the last closed polygon's undo step again for a live edit (a vertex drag), painted with
   * `vertices`: `movePolygonEdit` then re-rasterizes it at every pointer move and `endPolygonEdit`
   * closes it, the polygon's one step again (amended, as `amendPolygon`). Returns false, doing
   * nothing, when the polygon can no longer be edited (another action came after it).
   */
  beginPolygonEdit(vertices: readonly number[]): boolean {
    const closed = this.closedPolygon;
    const doc = this.document;
    if (!closed || this.readOnlyValue || !doc.reopenLast(closed.step, closed.step.label)) {
      this.closedPolygon = null;
      return false;
    }
    this.strokeOp = closed.op;
    this.strokeTarget = closed.target;
    this.strokeBehind = closed.behind;
    this.polygonEditSpans = polygonSpans(vertices, doc.height, doc.width);
    this.applySpans(this.polygonEditSpans, 0, 0);
    doc.flush();
    return true;
  }

  /** Whether a polygon's live edit is open (between `beginPolygonEdit` and `endPolygonEdit`). */
  get polygonEditOpen(): boolean {
    return this.polygonEditSpans !== null;
  }

  /**
   * Re-rasterizes the polygon of the open live edit with `vertices`. Only the pixels that change
   * are written: those the polygon no longer covers go back to the document before it
   * (`revertSpan`), those it now covers are painted, so a move costs the rasterization (core's
   * polygonToRle and `polygonSpans`, O(width + height + spans)) plus the pixels that change, not
   * the polygon's area.
   */
  movePolygonEdit(vertices: readonly number[]): void {
    const before = this.polygonEditSpans;
    if (before === null) return;
    const doc = this.document;
    const after = polygonSpans(vertices, doc.height, doc.width);
    subtractSpans(before, after, (y, x0, x1) => doc.revertSpan(y, x0, x1));
    const added: number[] = [];
    subtractSpans(after, before, (y, x0, x1) => added.push(y, x0, x1));
    this.applySpans(added, 0, 0);
    this.polygonEditSpans = after;
    doc.flush();
  }

  /**
   * Closes the open live edit as the polygon's undo step. Returns false when there is none, or the
   * polygon changes no pixel (then the polygon and its step are gone and the editing is over).
   */
  endPolygonEdit(): boolean {
    const closed = this.closedPolygon;
    const doc = this.document;
    const open = this.polygonEditSpans !== null && doc.editing;
    this.polygonEditSpans = null;
    if (!open || !closed) return false;
    const recorded = doc.commitEdit({ dropIfNoPixels: true });
    const step = doc.lastStep;
    if (recorded && step) {
      closed.step = step;
    } else {
      this.closedPolygon = null;
      this.selectedIdValue = closed.selectionBefore;
    }
    this.dropMissingSelection();
    return recorded;
  }

  /**
   * The lint of the document (`lint`): every segment in z-order, empty instances included, with the
   * project's mode and its classes' thing flags. Findings name segments by their ids in the
   * document (`segmentIds`, `select`) and carry the box to zoom to.
   */
  lint(options: LintOptions = {}): LintFinding[] {
    const doc = this.document;
    const { width, height } = doc;
    const empty: Rle = { height, width, counts: Uint32Array.of(width * height) };
    const segments: LintSegment[] = doc.segmentIds().map((id) => {
      const categoryId = doc.segmentInfo(id)!.categoryId;
      return {
        id,
        categoryId,
        isThing: doc.classInfo(categoryId)?.isThing === true,
        rle: doc.segmentRle(id) ?? empty,
      };
    });
    return lint({ width, height, mode: doc.mode, segments }, options);
  }
}
