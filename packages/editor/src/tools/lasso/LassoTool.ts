/**
 * Edge-following lasso (intelligent scissors): `idle` → (click) → `tracing` → (close) → `idle`.
 *
 * - A click places the first anchor at the pointer's pixel (nothing without an image:
 *   `editor.setImage`).
 * - While the pointer moves, `preview` is the live path from the last anchor to the pointer's pixel
 *   (`LiveWire.pathTo`: the shortest 8-connected path on the image-gradient cost), for the page to draw.
 * - A click fixes that path into the outline and makes its pixel the next anchor. The live wire's
 *   search window is 1024 pixels a side around the seed; a click beyond it still gets there: the path
 *   ends on the window's edge, the wire is seeded again at that end, and so on to the click.
 * - `Enter`, or a click within 4 CSS pixels (the editor's zoom, as the polygon's) of the first anchor's
 *   centre, closes the outline with the path from the last anchor back to the first; `Shift+Enter`
 *   closes it as a cut. One action paints (a cut: erases) exactly the pixels of the closed path and
 *   the pixels it encloses (`enclosedPixels`: the 4-connected components of the other pixels of the
 *   path's box grown by one pixel that do not touch the grown box's border). editor.md leaves the
 *   lasso's rule to us; this one keeps to the traced edge, the same on every side: the path's pixels
 *   are the edge the user saw the wire follow, all of them are painted, and no pixel outside the
 *   path is. (Filling the polygon through the path's pixel centres, as the polygon tool would, kept
 *   the path's pixels on the right and bottom sides and dropped them on the left and top ones, so a
 *   wire on the outer ring of an object's edge painted one pixel beyond the object on two sides.)
 * - `Backspace` removes the last anchor and its path; `Escape` drops the outline.
 */
import { enclosedPixels } from '../../algorithms/enclosed.js';
import { LiveWire } from '../../algorithms/live-wire.js';
import { pixelOf } from '../../raster/footprint.js';
import { CLOSE_DISTANCE_CSS } from '../polygon/PolygonTool.js';
import { type KeyInfo, type PointerInfo, StateNode } from '../state-node.js';

class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(info: PointerInfo): void {
    const tool = this.parent as LassoTool;
    const pixel = tool.pixelAt(info);
    if (pixel) this.parent!.transition('tracing', pixel);
  }
}

class Tracing extends StateNode {
  readonly id = 'tracing';

  private get tool(): LassoTool {
    return this.parent as LassoTool;
  }

  override onEnter(info?: unknown): void {
    const [x, y] = info as [number, number];
    const tool = this.tool;
    tool.anchors = [x, y];
    tool.outline = [x, y];
    tool.anchorEnds = [2];
    tool.wire.setSeed(x, y);
  }

  override onPointerMove(info: PointerInfo): void {
    const tool = this.tool;
    const pixel = tool.pixelAt(info);
    if (!pixel) return;
    tool.preview = tool.wire.pathTo(pixel[0], pixel[1]);
  }

  override onPointerDown(info: PointerInfo): void {
    const tool = this.tool;
    const a = tool.anchors;
    if (a.length >= 4) {
      const distance = Math.hypot(info.x - (a[0] + 0.5), info.y - (a[1] + 0.5)) * this.editor.zoom;
      if (distance <= CLOSE_DISTANCE_CSS && this.close(false)) return;
    }
    const pixel = tool.pixelAt(info);
    if (!pixel) return;
    const [x, y] = pixel;
    const last = a.length - 2;
    if (x === a[last] && y === a[last + 1]) return;
    for (const v of tool.traceTo(x, y)) tool.outline.push(v);
    a.push(x, y);
    tool.anchorEnds.push(tool.outline.length);
    tool.wire.setSeed(x, y);
    tool.preview = null;
    this.editor.notify();
  }

  override onKeyDown(info: KeyInfo): void {
    if (info.key === 'Enter') {
      this.close(info.shift);
    } else if (info.key === 'Backspace') {
      const tool = this.tool;
      if (tool.anchors.length <= 2) {
        this.parent!.transition('idle');
        return;
      }
      tool.anchors.length -= 2;
      tool.anchorEnds.pop();
      tool.outline.length = tool.anchorEnds[tool.anchorEnds.length - 1];
      const a = tool.anchors;
      tool.wire.setSeed(a[a.length - 2], a[a.length - 1]);
      tool.preview = null;
      this.editor.notify();
    }
  }

  override onCancel(): void {
    this.parent!.transition('idle');
  }

  /** Closes the outline and paints it; false (nothing done) when it would have fewer than 3 pixels. */
  private close(cut: boolean): boolean {
    const tool = this.tool;
    const back = tool.traceTo(tool.anchors[0], tool.anchors[1]);
    // The path back ends on the first anchor, which the outline already starts with.
    const pixels = tool.outline.concat(back.slice(0, back.length - 2));
    if (pixels.length < 6) {
      const a = tool.anchors;
      tool.wire.setSeed(a[a.length - 2], a[a.length - 1]);
      return false;
    }
    this.parent!.transition('idle');
    this.editor.fillMask(enclosedPixels(pixels), cut, 'lasso');
    return true;
  }
}

export class LassoTool extends StateNode {
  readonly id = 'lasso';
  /** Clicked pixels, flat [x0, y0, x1, y1, ...], the first anchor first. */
  anchors: number[] = [];
  /** The fixed outline: pixels from the first anchor to the last, flat x, y pairs. */
  outline: number[] = [];
  /** The live path from the last anchor to the pointer, or null. */
  preview: Int32Array | null = null;
  /** path.length when each anchor was placed (Backspace goes back to the previous one). */
  anchorEnds: number[] = [];
  readonly wire = new LiveWire();
  private wireImage = -1;

  constructor(editor: LassoTool['editor']) {
    super(editor);
    this.addChildren(new Idle(editor), new Tracing(editor));
  }

  override transition(id: string, info?: unknown): void {
    if (id === 'idle') this.clear();
    super.transition(id, info);
  }

  override onExit(): void {
    this.clear();
  }

  private clear(): void {
    this.anchors = [];
    this.outline = [];
    this.anchorEnds = [];
    this.preview = null;
  }

  /**
   * The image pixel under the pointer, clamped into the image, with the wire set to the current
   * image (its costs come block by block as its searches reach them); null without an image.
   */
  pixelAt(info: PointerInfo): [number, number] | null {
    const image = this.editor.image;
    if (!image || image.width === 0 || image.height === 0) return null;
    if (this.wireImage !== this.editor.imageVersion) {
      this.wire.setImage(image.rgba, image.width, image.height);
      this.wireImage = this.editor.imageVersion;
      // setImage forgets the seed: start again from the last anchor.
      const a = this.anchors;
      if (a.length > 0) this.wire.setSeed(a[a.length - 2], a[a.length - 1]);
    }
    const x = Math.min(Math.max(pixelOf(info.x), 0), image.width - 1);
    const y = Math.min(Math.max(pixelOf(info.y), 0), image.height - 1);
    return [x, y];
  }

  /**
   * The path's pixels from the wire's seed (excluded) to (x, y) (included). Past the search window
   * the path stops on its edge; the wire is seeded there and the search goes on to (x, y).
   */
  traceTo(x: number, y: number): number[] {
    const out: number[] = [];
    for (;;) {
      const path = this.wire.pathTo(x, y);
      for (let k = 2; k < path.length; k++) out.push(path[k]);
      const ex = path[path.length - 2];
      const ey = path[path.length - 1];
      if (ex === x && ey === y) return out;
      this.wire.setSeed(ex, ey);
    }
  }
}
