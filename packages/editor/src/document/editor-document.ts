/**
 * The document: one image's labels while it is edited, in the form whose cost follows what changed.
 *
 * - semantic, panoptic: a label map (Uint32 segment id per pixel) + the segment table;
 * - instance: per-instance masks in sparse 256 × 256 tiles + an explicit z-order + the view.
 *
 * Every change happens inside an action (`beginEdit` … `commitEdit`, or one of the instance
 * operations, each its own action); the first write to a tile in an action keeps the tile's old
 * content, and the commit turns it into a run-length diff of that tile: one undo step. Listeners
 * hear of the changed rectangles on `flush` (the tools flush once per pointer event) and after
 * undo/redo, so a renderer uploads only those.
 *
 * Example:
 *   const doc = EditorDocument.create({ mode: 'semantic', width: 4, height: 3, classes: [{ id: 1, name: 'road' }] });
 *   doc.beginEdit('stroke'); const s = doc.createSegment(1); doc.paintSpan(1, 0, 3, s); doc.commitEdit();
 *   doc.toSegments() // [{ id: 1, categoryId: 1, segmentation: { size: [3, 4], counts: '1111' … } }]
 *   doc.undo()       // the row is unlabeled again
 */
import { checkSize, fromCocoRle, isSegkitError, type Rle, rleToString, SegkitError, showValue } from '@segkit/core';
import { connectedComponents } from '../algorithms/connected-components.js';
import { forEachSpan } from '../raster/spans.js';
import {
  History,
  type HistoryOptions,
  type HistoryStep,
  RunCollector,
  type SegmentMeta,
  TILE_SHIFT,
  TILE_SIZE,
  type TileDiff,
} from './history.js';
import { LabelMapStore } from './label-map-store.js';
import { HIDDEN, LOCKED, type MaskRegion, type PixelStore, type StoreHost, type TileSnapshot } from './store.js';
import { TiledInstanceStore } from './tiled-instance-store.js';
import type { ChangeListener, EditorClass, EditorMode, Rect, RenderSurface, Segment, SegmentInfo } from './types.js';

export interface DocumentOptions {
  mode: EditorMode;
  width: number;
  height: number;
  /** The project's classes; every segment's categoryId must be one of their ids. */
  classes: readonly EditorClass[];
  history?: HistoryOptions;
}

interface Transaction {
  label: string;
  tiles: Map<number, { layer: number; tile: number; snapshot: TileSnapshot }>;
  /** The layers of `tiles` (the label map's one, or the instances written to). */
  layers: Set<number>;
  meta: Map<number, SegmentMeta | undefined>;
  orderBefore: number[] | null;
}

const MODES: readonly EditorMode[] = ['semantic', 'instance', 'panoptic'];

/**
 * Largest segment id used as an index into the per-id tables (flags, z rank) as it is. A document
 * whose saved ids go beyond (imported COCO annotation ids can be 12 digits) is numbered 1..n inside
 * the editor and keeps its ids for saving.
 */
const MAX_DIRECT_ID = 1 << 20;

export class EditorDocument implements RenderSurface {
  readonly mode: EditorMode;
  readonly width: number;
  readonly height: number;
  readonly classes: readonly EditorClass[];
  readonly history: History;
  private readonly classById = new Map<number, EditorClass>();
  private readonly store: PixelStore;
  private readonly tilesX: number;
  private readonly tileCount: number;
  private readonly segments = new Map<number, SegmentMeta>();
  private order: number[] = [];
  private zIndex = new Map<number, number>();
  private flags = new Uint8Array(64);
  private rank = new Int32Array(64);
  private nextId = 1;
  /**
   * Saved ids of loaded segments when they were too large to index tables by (see MAX_DIRECT_ID);
   * then segments made here save as `savedIdBase + id`, above every loaded one. Empty otherwise:
   * ids are saved as they are.
   */
  private readonly savedIds = new Map<number, number>();
  private savedIdBase = 0;
  /** Instance projects: each instance's compressed counts (null: empty) as of the last `toSegments`. */
  private readonly encoded = new Map<number, string | null>();
  private tx: Transaction | null = null;
  private readonly listeners = new Set<ChangeListener>();
  private readonly collector = new RunCollector();
  // What changed since the last flush: a box of painted pixels, whole rectangles, segment ids.
  private dx0 = Number.POSITIVE_INFINITY;
  private dy0 = Number.POSITIVE_INFINITY;
  private dx1 = -1;
  private dy1 = -1;
  /** Rectangles whose view must be recomputed (z-order, flags, restored tiles), then told. */
  private dirtyRects: Rect[] = [];
  /** Rectangles only to tell (their view is already up to date). */
  private extraRects: Rect[] = [];
  private changedIds = new Set<number>();
  // One-entry cache of the last tile touched, so a row of a stroke costs one map lookup per tile.
  private lastTouched = -1;

  static create(options: DocumentOptions): EditorDocument {
    return new EditorDocument(options);
  }

  constructor(options: DocumentOptions) {
    const { mode, width, height, classes } = options;
    if (!MODES.includes(mode)) {
      throw new SegkitError('UNSUPPORTED', `mode is ${showValue(mode)}; expected one of ${MODES.join(', ')}`);
    }
    checkSize(height, width);
    if (!Array.isArray(classes))
      throw new SegkitError('INVALID_DATASET', `classes is ${showValue(classes)}, not a list`);
    for (const c of classes) {
      if (!c || !Number.isInteger(c.id) || c.id < 0) {
        throw new SegkitError('INVALID_DATASET', `class ${showValue(c)} needs an integer id >= 0`);
      }
      if (this.classById.has(c.id)) throw new SegkitError('INVALID_DATASET', `class id ${c.id} is listed twice`);
      this.classById.set(c.id, c);
    }
    this.mode = mode;
    this.width = width;
    this.height = height;
    this.classes = classes;
    this.history = new History(options.history);
    this.tilesX = Math.ceil(width / TILE_SIZE);
    this.tileCount = this.tilesX * Math.ceil(height / TILE_SIZE);
    const doc = this;
    const host: StoreHost = {
      get flags() {
        return doc.flags;
      },
      get order() {
        return doc.order;
      },
      get rank() {
        return doc.rank;
      },
      touch: (layer, tile) => this.touch(layer, tile),
    };
    this.store =
      mode === 'instance' ? new TiledInstanceStore(width, height, host) : new LabelMapStore(width, height, host);
  }

  // ---- The render surface -------------------------------------------------------------------

  /** Segment id shown per pixel (row-major); see RenderSurface. Read-only for everyone but the document. */
  get view(): Uint32Array {
    return this.store.view;
  }

  segmentInfo(id: number): SegmentInfo | undefined {
    const meta = this.segments.get(id);
    if (!meta) return undefined;
    return { id, categoryId: meta.categoryId, z: this.zIndex.get(id)!, hidden: meta.hidden, locked: meta.locked };
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- Reading -------------------------------------------------------------------------------

  /** Segment ids in z-order, bottom first (the order `toSegments` writes). */
  segmentIds(): number[] {
    return this.order.slice();
  }

  hasSegment(id: number): boolean {
    return this.segments.has(id);
  }

  classInfo(classId: number): EditorClass | undefined {
    return this.classById.get(classId);
  }

  /** Whether painting class `classId` makes instances: always in instance projects, for thing classes in panoptic ones. */
  isInstanceClass(classId: number): boolean {
    if (this.mode === 'instance') return true;
    if (this.mode === 'semantic') return false;
    return this.classById.get(classId)?.isThing === true;
  }

  /** The segment of a class that has one segment (semantic classes, panoptic stuff), if it exists. */
  segmentOfClass(classId: number): number | undefined {
    for (const id of this.order) if (this.segments.get(id)!.categoryId === classId) return id;
    return undefined;
  }

  /** Pixel storage in bytes (label map or view + tiles); history is `history.byteSize`. */
  get byteSize(): number {
    return this.store.byteSize;
  }

  /** A segment's pixels in their bounding box, or null when it has none. */
  segmentMask(id: number): MaskRegion | null {
    return this.store.segmentMask(id);
  }

  /** A segment as COCO RLE, or null when it has no pixels. */
  segmentRle(id: number): Rle | null {
    const counts = this.store.segmentCounts([id]).get(id);
    return counts ? { height: this.height, width: this.width, counts } : null;
  }

  /** The id segment `id` is saved under (the same id unless the loaded ids were renumbered). */
  savedId(id: number): number {
    return this.savedIds.get(id) ?? this.savedIdBase + id;
  }

  /** The save form (api.md "Annotations"): every non-empty segment, bottom first, as compressed COCO RLE. */
  toSegments(): Segment[] {
    // Instance masks are encoded again only when they changed since the last call (autosave runs
    // this every few seconds); a label map is walked whole, one pass.
    const cache = this.mode === 'instance' ? this.encoded : null;
    const stale = cache ? this.order.filter((id) => !cache.has(id)) : this.order;
    const counts = this.store.segmentCounts(stale);
    const out: Segment[] = [];
    for (const id of this.order) {
      let text = cache?.get(id);
      if (text === undefined) {
        const c = counts.get(id);
        text = c ? rleToString({ counts: c }) : null;
        cache?.set(id, text);
      }
      if (text === null) continue;
      out.push({
        id: this.savedId(id),
        categoryId: this.segments.get(id)!.categoryId,
        segmentation: { size: [this.height, this.width], counts: text },
      });
    }
    return out;
  }

  /**
   * Builds a document from saved segments, checking them as the mode requires: ids positive
   * integers and unique, known classes, masks of the image's size, no overlaps (semantic,
   * panoptic), one segment per class (semantic) or per stuff class (panoptic). A SegkitError names
   * the segment by position and id.
   */
  static fromSegments(segments: unknown, options: DocumentOptions): EditorDocument {
    const doc = new EditorDocument(options);
    if (!Array.isArray(segments)) {
      throw new SegkitError('INVALID_DATASET', `segments must be a list, got ${showValue(segments)}`);
    }
    const perClass = new Map<number, number>();
    let largest = 0;
    for (const s of segments) {
      const id = (s as Partial<Segment> | null)?.id;
      if (typeof id === 'number' && id > largest) largest = id;
    }
    const renumber = largest > MAX_DIRECT_ID;
    if (renumber) doc.savedIdBase = largest;
    for (let index = 0; index < segments.length; index++) {
      const s = segments[index] as Partial<Segment> | null;
      const where = `segment ${index}${s && typeof s === 'object' && 'id' in s ? ` (id ${showValue(s.id)})` : ''}`;
      try {
        doc.loadSegment(s, perClass, renumber ? index + 1 : undefined);
      } catch (error) {
        throw isSegkitError(error) ? error.withContext(where) : error;
      }
    }
    doc.store.refreshView({ x: 0, y: 0, width: doc.width, height: doc.height });
    return doc;
  }

  private loadSegment(s: Partial<Segment> | null, perClass: Map<number, number>, internalId?: number): void {
    if (!s || typeof s !== 'object') throw new SegkitError('INVALID_DATASET', `is ${showValue(s)}, not an object`);
    const { categoryId, segmentation } = s;
    let id = s.id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
      throw new SegkitError('INVALID_DATASET', `id is ${showValue(id)}; ids are positive integers`);
    }
    if (internalId === undefined ? this.segments.has(id) : [...this.savedIds.values()].includes(id)) {
      throw new SegkitError('INVALID_DATASET', `id ${id} is used by an earlier segment`);
    }
    if (typeof categoryId !== 'number' || !this.classById.has(categoryId)) {
      throw new SegkitError('INVALID_DATASET', `categoryId ${showValue(categoryId)} is not a class of the project`);
    }
    const rle = fromCocoRle(segmentation as Segment['segmentation']);
    if (rle.height !== this.height || rle.width !== this.width) {
      throw new SegkitError(
        'SIZE_MISMATCH',
        `mask size is [${rle.height}, ${rle.width}] but the image is [${this.height}, ${this.width}]`,
      );
    }
    if (!this.isInstanceClass(categoryId)) {
      const other = perClass.get(categoryId);
      if (other !== undefined) {
        throw new SegkitError(
          'INVALID_DATASET',
          `class ${categoryId} already has segment ${other}; ${this.mode} projects hold one segment per ${this.mode === 'semantic' ? 'class' : 'stuff class'}`,
        );
      }
      perClass.set(categoryId, id);
    }
    const savedId = id;
    if (internalId !== undefined) {
      this.savedIds.set(internalId, savedId);
      id = internalId;
    }
    this.putMeta(id, { categoryId, hidden: false, locked: false });
    this.order.push(id);
    this.zIndex.set(id, this.order.length - 1);
    this.rank[id] = this.order.length;
    this.nextId = Math.max(this.nextId, id + 1);
    const overlap = this.store.load(id, rle);
    if (overlap) {
      throw new SegkitError(
        'INVALID_MASK',
        `overlaps segment ${this.savedId(overlap.other)} at pixel (${overlap.x}, ${overlap.y}); ${this.mode} projects do not allow overlaps`,
      );
    }
  }

  // ---- Actions -------------------------------------------------------------------------------

  /** Whether an action is open. */
  get editing(): boolean {
    return this.tx !== null;
  }

  /** Opens an action; everything until `commitEdit` is one undo step. */
  beginEdit(label: string): void {
    if (this.tx) throw new SegkitError('UNSUPPORTED', `cannot start "${label}" while "${this.tx.label}" is open`);
    this.tx = { label, tiles: new Map(), layers: new Set(), meta: new Map(), orderBefore: null };
    this.lastTouched = -1;
  }

  private requireEdit(what: string): Transaction {
    if (!this.tx) throw new SegkitError('UNSUPPORTED', `${what} needs an open action (beginEdit)`);
    return this.tx;
  }

  private touch(layer: number, tile: number): void {
    const tx = this.tx;
    if (!tx) return; // loading
    const key = layer * this.tileCount + tile;
    if (key === this.lastTouched) return;
    this.lastTouched = key;
    if (!tx.tiles.has(key)) {
      tx.tiles.set(key, { layer, tile, snapshot: this.store.snapshot(layer, tile) });
      tx.layers.add(layer);
    }
  }

  /** Creates an empty segment of `categoryId` on top (or just above `above`); returns its id. */
  createSegment(categoryId: number, above?: number): number {
    this.requireEdit('createSegment');
    if (!this.classById.has(categoryId)) {
      throw new SegkitError('INVALID_DATASET', `class ${showValue(categoryId)} is not a class of the project`);
    }
    const id = this.nextId++;
    this.setMeta(id, { categoryId, hidden: false, locked: false });
    const order = this.order.slice();
    const at = above === undefined ? -1 : order.indexOf(above);
    if (at < 0) order.push(id);
    else order.splice(at + 1, 0, id);
    this.setOrder(order);
    return id;
  }

  /** Paints [x0, x1) of row y (clipped to the image) into segment `id`; `behind`: unlabeled pixels only. */
  paintSpan(y: number, x0: number, x1: number, id: number, behind = false): void {
    this.requireEdit('paintSpan');
    if (y < 0 || y >= this.height) return;
    if (x0 < 0) x0 = 0;
    if (x1 > this.width) x1 = this.width;
    if (x0 >= x1) return;
    const meta = this.segments.get(id);
    if (!meta || meta.locked) return;
    this.store.paintRow(y, x0, x1, id, behind);
    this.encoded.delete(id);
    this.extendDirty(y, x0, x1);
  }

  /**
   * Erases [x0, x1) of row y: from segment `id`; with id 0 (semantic, panoptic) from every unlocked
   * segment. Locked segments keep their pixels.
   */
  eraseSpan(y: number, x0: number, x1: number, id: number): void {
    this.requireEdit('eraseSpan');
    if (y < 0 || y >= this.height) return;
    if (x0 < 0) x0 = 0;
    if (x1 > this.width) x1 = this.width;
    if (x0 >= x1) return;
    if (id !== 0 && (this.segments.get(id)?.locked ?? true)) return;
    if (id === 0 && this.mode === 'instance') return;
    this.store.eraseRow(y, x0, x1, id);
    this.encoded.delete(id);
    this.extendDirty(y, x0, x1);
  }

  /**
   * Puts [x0, x1) of row y (clipped to the image) back as it was when the open action began: a
   * tool that repaints its pixels as the pointer moves (a polygon's vertex drag) takes back those
   * it no longer covers, without redoing the rest.
   */
  revertSpan(y: number, x0: number, x1: number): void {
    const tx = this.requireEdit('revertSpan');
    if (y < 0 || y >= this.height) return;
    if (x0 < 0) x0 = 0;
    if (x1 > this.width) x1 = this.width;
    if (x0 >= x1) return;
    const rowTiles = (y >> TILE_SHIFT) * this.tilesX;
    for (let t = x0 >> TILE_SHIFT, last = (x1 - 1) >> TILE_SHIFT; t <= last; t++) {
      const a = Math.max(x0, t << TILE_SHIFT);
      const b = Math.min(x1, (t + 1) << TILE_SHIFT);
      for (const layer of tx.layers) {
        const entry = tx.tiles.get(layer * this.tileCount + rowTiles + t);
        if (!entry) continue; // untouched since the action began
        this.store.restoreRow(layer, entry.tile, entry.snapshot, y, a, b);
        this.encoded.delete(layer);
      }
    }
    this.extendDirty(y, x0, x1);
  }

  /** The test of the region a fill at pixel (x, y) covers (see PixelStore.regionAt). */
  fillRegionAt(x: number, y: number): ((x: number, y: number) => boolean) | null {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return null;
    return this.store.regionAt(x, y);
  }

  private extendDirty(y: number, x0: number, x1: number): void {
    if (x0 < this.dx0) this.dx0 = x0;
    if (x1 - 1 > this.dx1) this.dx1 = x1 - 1;
    if (y < this.dy0) this.dy0 = y;
    if (y > this.dy1) this.dy1 = y;
  }

  /** Brings `view` up to date over what changed and tells the listeners. */
  flush(): void {
    const rects = this.dirtyRects;
    this.dirtyRects = [];
    // Whole rectangles (z-order, flags, restored tiles) are recomputed; painted rows kept the view themselves.
    for (const r of rects) this.store.refreshView(r);
    if (this.extraRects.length > 0) {
      rects.push(...this.extraRects);
      this.extraRects = [];
    }
    if (this.dx1 >= 0) {
      rects.push({ x: this.dx0, y: this.dy0, width: this.dx1 - this.dx0 + 1, height: this.dy1 - this.dy0 + 1 });
      this.dx0 = this.dy0 = Number.POSITIVE_INFINITY;
      this.dx1 = this.dy1 = -1;
    }
    const ids = [...this.changedIds];
    this.changedIds.clear();
    if (rects.length === 0 && ids.length === 0) return;
    for (const listener of this.listeners) listener(rects, ids);
  }

  /**
   * Closes the action as one undo step. With `dropIfNoPixels`, an action that changed no pixel is
   * undone instead (a stroke that painted nothing leaves no empty instance and no step). Returns
   * whether a step was recorded.
   */
  commitEdit(options: { dropIfNoPixels?: boolean } = {}): boolean {
    const tx = this.requireEdit('commitEdit');
    const tiles: TileDiff[] = [];
    let bytes = 0;
    for (const { layer, tile, snapshot } of tx.tiles.values()) {
      this.collector.reset();
      this.store.diff(layer, tile, snapshot, this.collector);
      if (this.collector.empty) continue;
      const runs = this.collector.finish();
      tiles.push({ layer, tile, runs });
      bytes += runs.byteLength + 32;
    }
    this.tx = null;
    if (tiles.length === 0 && options.dropIfNoPixels) {
      this.revertMeta(tx);
      this.flush();
      return false;
    }
    const meta: [number, SegmentMeta | undefined, SegmentMeta | undefined][] = [];
    for (const [id, before] of tx.meta) {
      const after = this.segments.get(id);
      if (before !== after) meta.push([id, before, after]);
    }
    const orderBefore = tx.orderBefore;
    const orderChanged = orderBefore !== null && !sameList(orderBefore, this.order);
    if (tiles.length === 0 && meta.length === 0 && !orderChanged) {
      this.flush();
      return false;
    }
    bytes += meta.length * 64 + (orderChanged ? 8 * (orderBefore.length + this.order.length) : 0);
    this.history.push({
      label: tx.label,
      tiles,
      meta,
      orderBefore: orderChanged ? orderBefore : null,
      orderAfter: orderChanged ? this.order.slice() : null,
      bytes,
    });
    this.flush();
    return true;
  }

  /** The step `undo` would revert next (the last action done), or undefined. */
  get lastStep(): HistoryStep | undefined {
    return this.history.peekUndo();
  }

  /**
   * Reopens `step`, which must be the last step done, as the open action: its pixels and
   * bookkeeping are reverted without a redo entry, then its bookkeeping (segments it created, its
   * z-order) is redone inside the new action, so the segment ids stay. A tool repaints what the step
   * painted (a closed polygon whose vertices were edited) and commits: one step replaces the old one,
   * and undo returns to the state before it. Returns false, doing nothing, when `step` is not the
   * last step or an action is open.
   */
  reopenLast(step: HistoryStep, label: string): boolean {
    if (this.tx || this.history.peekUndo() !== step) return false;
    this.history.dropLast();
    this.replay(step, 2);
    this.beginEdit(label);
    for (const [id, , after] of step.meta) this.setMeta(id, after);
    if (step.orderAfter) this.setOrder(step.orderAfter);
    return true;
  }

  /** Undoes the open action's changes and closes it without a step. */
  cancelEdit(): void {
    const tx = this.tx;
    if (!tx) return;
    this.tx = null;
    for (const { layer, tile, snapshot } of tx.tiles.values()) {
      this.store.restore(layer, tile, snapshot);
      this.encoded.delete(layer);
      this.dirtyRects.push(this.tileRect(tile));
    }
    this.revertMeta(tx);
    this.flush();
  }

  private revertMeta(tx: Transaction): void {
    for (const [id, before] of tx.meta) this.putMeta(id, before);
    if (tx.orderBefore) this.putOrder(tx.orderBefore);
  }

  /** Runs `fn` as one action; an error undoes what it did. */
  private edit(label: string, fn: () => void): boolean {
    this.beginEdit(label);
    try {
      fn();
    } catch (error) {
      this.cancelEdit();
      throw error;
    }
    return this.commitEdit();
  }

  // ---- Segment bookkeeping -------------------------------------------------------------------

  private putMeta(id: number, meta: SegmentMeta | undefined): void {
    if (id >= this.flags.length) {
      const size = Math.max(id + 1, this.flags.length * 2);
      const grown = new Uint8Array(size);
      grown.set(this.flags);
      this.flags = grown;
      const ranks = new Int32Array(size);
      ranks.set(this.rank);
      this.rank = ranks;
    }
    if (meta) this.segments.set(id, meta);
    else this.segments.delete(id);
    const before = this.flags[id];
    this.flags[id] = meta ? (meta.locked ? LOCKED : 0) | (meta.hidden ? HIDDEN : 0) : 0;
    this.changedIds.add(id);
    if ((before ^ this.flags[id]) & HIDDEN) this.markViewOf(id);
  }

  private setMeta(id: number, meta: SegmentMeta | undefined): void {
    const tx = this.requireEdit('a segment change');
    if (!tx.meta.has(id)) tx.meta.set(id, this.segments.get(id));
    this.putMeta(id, meta);
  }

  private putOrder(order: readonly number[]): void {
    const before = this.order;
    for (const id of before) this.rank[id] = 0;
    this.order = order.slice();
    this.zIndex = new Map(this.order.map((id, z) => [id, z]));
    for (let z = 0; z < this.order.length; z++) this.rank[this.order[z]] = z + 1;
    // Inserting or removing a segment keeps the others' relative order, so the view changes only
    // for segments whose place among the segments present both before and after moved.
    const kept = new Set(before);
    const common = this.order.filter((id) => kept.has(id));
    const commonBefore = before.filter((id) => this.rank[id] > 0);
    for (let k = 0; k < common.length; k++) if (common[k] !== commonBefore[k]) this.markViewOf(common[k]);
    for (const id of this.order) if (this.zIndex.get(id) !== before.indexOf(id)) this.changedIds.add(id);
  }

  private setOrder(order: readonly number[]): void {
    const tx = this.requireEdit('a z-order change');
    if (!tx.orderBefore) tx.orderBefore = this.order.slice();
    this.putOrder(order);
  }

  /** Marks the part of the view that depends on segment `id`'s attributes (instance projects only). */
  private markViewOf(id: number): void {
    if (this.mode !== 'instance') return;
    const mask = this.store.segmentMask(id);
    if (mask) this.dirtyRects.push({ x: mask.x, y: mask.y, width: mask.width, height: mask.height });
  }

  /** The box of a tile diff's quads, in image coordinates. */
  private runsRect(tile: number, runs: Uint32Array): Rect {
    const tx = tile % this.tilesX;
    const ox = tx * TILE_SIZE;
    const oy = ((tile - tx) / this.tilesX) * TILE_SIZE;
    let x0 = TILE_SIZE;
    let y0 = TILE_SIZE;
    let x1 = 0;
    let y1 = 0;
    for (let q = 0; q < runs.length; q += 4) {
      const lx = runs[q] & (TILE_SIZE - 1);
      const ly = runs[q] >> TILE_SHIFT;
      if (lx < x0) x0 = lx;
      if (lx + runs[q + 1] > x1) x1 = lx + runs[q + 1];
      if (ly < y0) y0 = ly;
      if (ly + 1 > y1) y1 = ly + 1;
    }
    return { x: ox + x0, y: oy + y0, width: x1 - x0, height: y1 - y0 };
  }

  private tileRect(tile: number): Rect {
    const tx = tile % this.tilesX;
    const ty = (tile - tx) / this.tilesX;
    const x = tx * TILE_SIZE;
    const y = ty * TILE_SIZE;
    return { x, y, width: Math.min(TILE_SIZE, this.width - x), height: Math.min(TILE_SIZE, this.height - y) };
  }

  private requireSegment(id: number): SegmentMeta {
    const meta = this.segments.get(id);
    if (!meta) throw new SegkitError('INVALID_DATASET', `segment ${showValue(id)} does not exist`);
    return meta;
  }

  // ---- Instance operations (each one undo step) ------------------------------------------------

  setHidden(id: number, hidden: boolean): boolean {
    const meta = this.requireSegment(id);
    if (meta.hidden === hidden) return false;
    return this.edit(hidden ? 'hide' : 'show', () => this.setMeta(id, { ...meta, hidden }));
  }

  setLocked(id: number, locked: boolean): boolean {
    const meta = this.requireSegment(id);
    if (meta.locked === locked) return false;
    return this.edit(locked ? 'lock' : 'unlock', () => this.setMeta(id, { ...meta, locked }));
  }

  /** Moves a segment one step up (toward the top) in the z-order. */
  raise(id: number): boolean {
    return this.moveBy(id, 1);
  }

  lower(id: number): boolean {
    return this.moveBy(id, -1);
  }

  private moveBy(id: number, step: 1 | -1): boolean {
    this.requireSegment(id);
    const z = this.order.indexOf(id);
    const other = z + step;
    if (other < 0 || other >= this.order.length) return false;
    return this.edit(step > 0 ? 'raise' : 'lower', () => {
      const order = this.order.slice();
      order[z] = order[other];
      order[other] = id;
      this.setOrder(order);
    });
  }

  /** Deletes a segment and its pixels. Locked segments are kept (returns false). */
  deleteSegment(id: number): boolean {
    const meta = this.requireSegment(id);
    if (meta.locked) return false;
    return this.edit('delete', () => this.removeSegment(id));
  }

  private removeSegment(id: number): void {
    const mask = this.store.segmentMask(id);
    if (mask) {
      forEachSpan(mask.data, mask.width, mask.height, mask.x, mask.y, 1, (y, x0, x1) => this.eraseSpan(y, x0, x1, id));
    }
    this.setMeta(id, undefined);
    this.setOrder(this.order.filter((other) => other !== id));
  }

  /** Merges `others` into `target` (their pixels join it, they are deleted). Refused (false) if one is locked. */
  merge(target: number, others: readonly number[]): boolean {
    this.requireSegment(target);
    const sources = [...new Set(others)].filter((id) => id !== target);
    for (const id of sources) this.requireSegment(id);
    if (sources.length === 0 || [target, ...sources].some((id) => this.segments.get(id)!.locked)) return false;
    return this.edit('merge', () => {
      for (const id of sources) {
        const mask = this.store.segmentMask(id);
        if (mask) {
          forEachSpan(mask.data, mask.width, mask.height, mask.x, mask.y, 1, (y, x0, x1) =>
            this.paintSpan(y, x0, x1, target),
          );
        }
        this.removeSegment(id);
      }
    });
  }

  /**
   * Splits a segment into its 8-connected parts: the first part in raster order keeps the id, each
   * other part becomes a new segment of the same class just above it. Returns the ids, the kept one
   * first (just [id] when there is nothing to split or the segment is locked).
   */
  split(id: number): number[] {
    const meta = this.requireSegment(id);
    const mask = this.store.segmentMask(id);
    if (meta.locked || !mask) return [id];
    const { labels, count } = connectedComponents(mask.data, mask.width, mask.height, 8);
    if (count <= 1) return [id];
    const ids = [id];
    this.edit('split', () => {
      for (let part = 2; part <= count; part++) {
        const created = this.createSegment(meta.categoryId, ids[ids.length - 1]);
        ids.push(created);
        forEachSpan(labels, mask.width, mask.height, mask.x, mask.y, part, (y, x0, x1) => {
          this.paintSpan(y, x0, x1, created);
          if (this.mode === 'instance') this.eraseSpan(y, x0, x1, id);
        });
      }
    });
    return ids;
  }

  // ---- Undo and redo -------------------------------------------------------------------------

  undo(): boolean {
    if (this.tx) return false;
    const step = this.history.takeUndo();
    if (!step) return false;
    this.replay(step, 2);
    return true;
  }

  redo(): boolean {
    if (this.tx) return false;
    const step = this.history.takeRedo();
    if (!step) return false;
    this.replay(step, 3);
    return true;
  }

  private replay(step: HistoryStep, field: 2 | 3): void {
    const undoing = field === 2;
    for (const [id, before, after] of step.meta) this.putMeta(id, undoing ? before : after);
    const order = undoing ? step.orderBefore : step.orderAfter;
    if (order) this.putOrder(order);
    const emitted: Rect[] = [];
    for (const { layer, tile, runs } of step.tiles) {
      this.store.applyRuns(layer, tile, runs, field);
      this.encoded.delete(layer);
      emitted.push(this.runsRect(tile, runs));
    }
    this.extraRects.push(...emitted);
    // Bookkeeping went first, so the tiles kept the view with the z-order and flags of the same moment.
    this.flush();
  }
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
