/**
 * Slow pixel-by-pixel facts about a mask, for checking the contour tracer: flood-filled components
 * (foreground 4-connected), holes (background 8-connected regions that do not reach the border), and
 * the boundary cracks. Plus the mask generators the contour properties draw from.
 */
import fc from 'fast-check';
import type { Contours } from '../../src/contour/trace.js';
import type { Bitmap } from '../../src/index.js';
import { dataArb } from '../properties/arbitraries.js';

export interface Regions {
  /** Per pixel (row-major): component number for foreground, -1 for background. */
  component: Int32Array;
  components: number;
  /** Per pixel: hole number for background in a hole, -1 otherwise. */
  hole: Int32Array;
  holes: number;
}

const FOUR = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
];
const EIGHT = [...FOUR, [1, 1], [1, -1], [-1, 1], [-1, -1]];

/** Labels connected sets of pixels with `on(p)` true, in row-major order of their first pixel. */
function label(mask: Bitmap, on: (p: number) => boolean, steps: number[][]): { labels: Int32Array; count: number } {
  const { height: h, width: w } = mask;
  const labels = new Int32Array(h * w).fill(-1);
  let count = 0;
  for (let start = 0; start < h * w; start++) {
    if (!on(start) || labels[start] >= 0) continue;
    const stack = [start];
    labels[start] = count;
    while (stack.length > 0) {
      const p = stack.pop()!;
      const x = p % w;
      const y = (p - x) / w;
      for (const [dx, dy] of steps) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const q = ny * w + nx;
        if (on(q) && labels[q] < 0) {
          labels[q] = count;
          stack.push(q);
        }
      }
    }
    count++;
  }
  return { labels, count };
}

export function regions(mask: Bitmap): Regions {
  const { height: h, width: w, data } = mask;
  const fg = label(mask, (p) => data[p] !== 0, FOUR);
  const bg = label(mask, (p) => data[p] === 0, EIGHT);
  // Background regions touching the border are outside; the rest are holes, renumbered.
  const outside = new Uint8Array(bg.count);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x;
      if (bg.labels[p] >= 0 && (x === 0 || y === 0 || x === w - 1 || y === h - 1)) outside[bg.labels[p]] = 1;
    }
  }
  const renumber = new Int32Array(bg.count).fill(-1);
  let holes = 0;
  for (let r = 0; r < bg.count; r++) if (outside[r] === 0) renumber[r] = holes++;
  const hole = bg.labels.map((r) => (r >= 0 ? renumber[r] : -1));
  return { component: fg.labels, components: fg.count, hole, holes };
}

/** A unit crack: `H x y` is the top edge of pixel (x, y), `V x y` the left edge; the value says which side is foreground. */
export type CrackSide = 'below' | 'above' | 'right' | 'left';

/** Every boundary crack of the mask, with the side its foreground is on. */
export function boundaryCracks(mask: Bitmap): Map<string, CrackSide> {
  const { height: h, width: w, data } = mask;
  const at = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < h && data[y * w + x] !== 0;
  const cracks = new Map<string, CrackSide>();
  for (let y = 0; y <= h; y++) {
    for (let x = 0; x <= w; x++) {
      if (x < w && at(x, y) !== at(x, y - 1)) cracks.set(`H ${x} ${y}`, at(x, y) ? 'below' : 'above');
      if (y < h && at(x, y) !== at(x - 1, y)) cracks.set(`V ${x} ${y}`, at(x, y) ? 'right' : 'left');
    }
  }
  return cracks;
}

/**
 * The unit cracks ring r walks, each with the side on its right (screen, y down), in walking order.
 * Throws if an edge is not horizontal or vertical.
 */
export function ringCracks(c: Contours, r: number): { key: string; right: CrackSide }[] {
  const out: { key: string; right: CrackSide }[] = [];
  const from = c.ringStart[r];
  const to = c.ringStart[r + 1];
  for (let v = from; v < to; v++) {
    const w = v + 1 < to ? v + 1 : from;
    const [x0, y0, x1, y1] = [c.xy[2 * v], c.xy[2 * v + 1], c.xy[2 * w], c.xy[2 * w + 1]];
    if (y0 === y1) {
      const east = x1 > x0;
      for (let x = Math.min(x0, x1); x < Math.max(x0, x1); x++)
        out.push({ key: `H ${x} ${y0}`, right: east ? 'below' : 'above' });
    } else if (x0 === x1) {
      const south = y1 > y0;
      for (let y = Math.min(y0, y1); y < Math.max(y0, y1); y++)
        out.push({ key: `V ${x0} ${y}`, right: south ? 'left' : 'right' });
    } else {
      throw new Error(`ring ${r} has a slanted edge (${x0},${y0})-(${x1},${y1})`);
    }
  }
  return out;
}

/** The row-major pixels of component `k` with its holes empty (and islands in them not included). */
export function componentMask(mask: Bitmap, reg: Regions, k: number): Bitmap {
  return { height: mask.height, width: mask.width, data: Uint8Array.from(reg.component, (c) => (c === k ? 1 : 0)) };
}

/** Shoelace sum over ring r (y down): positive for clockwise on screen. */
export function signedArea(c: Contours, r: number): number {
  let sum = 0;
  const from = c.ringStart[r];
  const to = c.ringStart[r + 1];
  for (let v = from; v < to; v++) {
    const w = v + 1 < to ? v + 1 : from;
    sum += c.xy[2 * v] * c.xy[2 * w + 1] - c.xy[2 * w] * c.xy[2 * v + 1];
  }
  return sum / 2;
}

/**
 * Whether the segment between two integer points passes through a pixel centre (a + .5, b + .5):
 * with (dx, dy) = g·(p, q) in lowest terms, it does exactly when p and q are both odd.
 */
export function coversPixelCentre(x0: number, y0: number, x1: number, y1: number): boolean {
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  const g = gcd(dx, dy);
  if (g === 0) return false;
  return (dx / g) % 2 === 1 && (dy / g) % 2 === 1;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The edges a part walks both ways (A→B and later B→A): its slits. */
export function slitsOf(part: readonly number[]): [number, number, number, number][] {
  const n = part.length >> 1;
  const edges = new Set<string>();
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    edges.add(`${part[2 * i]},${part[2 * i + 1]}>${part[2 * j]},${part[2 * j + 1]}`);
  }
  const slits: [number, number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const [x0, y0, x1, y1] = [part[2 * i], part[2 * i + 1], part[2 * j], part[2 * j + 1]];
    if (edges.has(`${x1},${y1}>${x0},${y0}`) && `${x0},${y0}` < `${x1},${y1}`) slits.push([x0, y0, x1, y1]);
  }
  return slits;
}

type Painter = (data: Uint8Array) => void;
interface Rect {
  x: number;
  y: number;
  rw: number;
  rh: number;
}

/** Rectangles anywhere, often past the border (shapes cut by it). */
function rectangle(h: number, w: number): fc.Arbitrary<Rect> {
  return fc.record({
    x: fc.integer({ min: -2, max: w }),
    y: fc.integer({ min: -2, max: h }),
    rw: fc.integer({ min: 1, max: w + 2 }),
    rh: fc.integer({ min: 1, max: h + 2 }),
  });
}

/** Sets the pixels of [x0, x1) × [y0, y1) inside the image to v (0 or 1). */
function paint(data: Uint8Array, h: number, w: number, x0: number, y0: number, x1: number, y1: number, v: number) {
  for (let y = Math.max(0, y0); y < Math.min(h, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(w, x1); x++) data[y * w + x] = v;
  }
}

/**
 * One drawing step: a filled or erased rectangle, concentric frames of one thickness alternating
 * foreground and background (holes, islands inside holes, holes inside those), a checkerboard patch
 * (pixels touching only at corners) or single pixels flipped.
 */
function painterArb(h: number, w: number): fc.Arbitrary<Painter> {
  const rect = rectangle(h, w);
  const fill = fc.record({ r: rect, v: fc.constantFrom(1, 0, 255) }).map(
    ({ r, v }): Painter =>
      (data) =>
        paint(data, h, w, r.x, r.y, r.x + r.rw, r.y + r.rh, v),
  );
  const frames = fc.record({ r: rect, t: fc.integer({ min: 1, max: 3 }), rings: fc.integer({ min: 1, max: 4 }) }).map(
    ({ r, t, rings }): Painter =>
      (data) => {
        for (let k = 0; k < rings * 2; k++) {
          const d = k * t;
          if (2 * d >= Math.min(r.rw, r.rh)) break;
          paint(data, h, w, r.x + d, r.y + d, r.x + r.rw - d, r.y + r.rh - d, k % 2 === 0 ? 1 : 0);
        }
      },
  );
  const checker = fc.record({ r: rect, phase: fc.integer({ min: 0, max: 1 }) }).map(
    ({ r, phase }): Painter =>
      (data) => {
        for (let y = Math.max(0, r.y); y < Math.min(h, r.y + r.rh); y++) {
          for (let x = Math.max(0, r.x); x < Math.min(w, r.x + r.rw); x++) data[y * w + x] = (x + y + phase) % 2;
        }
      },
  );
  const flips = fc.array(fc.nat(Math.max(0, h * w - 1)), { minLength: 1, maxLength: 8 }).map(
    (pixels): Painter =>
      (data) => {
        for (const p of pixels) if (p < data.length) data[p] = data[p] === 0 ? 1 : 0;
      },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fill },
    { weight: 4, arbitrary: frames },
    { weight: 2, arbitrary: checker },
    { weight: 2, arbitrary: flips },
  );
}

/**
 * Masks for contour properties: layered drawings (blobs, holes, islands in holes, diagonal contacts,
 * single pixels, shapes cut by the border), the core's blob/noise masks, and full and empty images.
 */
export function contourMaskArb(maxSide = 24): fc.Arbitrary<Bitmap> {
  const size = fc.record({
    height: fc.integer({ min: 1, max: maxSide }),
    width: fc.integer({ min: 1, max: maxSide }),
  });
  const drawn = size.chain(({ height, width }) =>
    fc.array(painterArb(height, width), { minLength: 1, maxLength: 6 }).map((painters) => {
      const data = new Uint8Array(height * width);
      for (const p of painters) p(data);
      return { height, width, data };
    }),
  );
  // Concentric frames kept inside the image, so holes and islands in holes are common.
  const nested = size.chain(({ height, width }) =>
    fc
      .tuple(
        fc.array(
          fc.record({
            x: fc.nat(width >> 1),
            y: fc.nat(height >> 1),
            size: fc.double({ min: 0.3, max: 1, noNaN: true }),
            t: fc.integer({ min: 1, max: 2 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.array(fc.nat(Math.max(0, height * width - 1)), { maxLength: 4 }),
      )
      .map(([framesAt, flips]) => {
        const data = new Uint8Array(height * width);
        for (const { x, y, size, t } of framesAt) {
          const x1 = x + Math.ceil((width - x) * size);
          const y1 = y + Math.ceil((height - y) * size);
          for (let k = 0, d = 0; 2 * d < Math.min(x1 - x, y1 - y); k++, d += t) {
            paint(data, height, width, x + d, y + d, x1 - d, y1 - d, k % 2 === 0 ? 1 : 0);
          }
        }
        for (const p of flips) data[p] ^= 1;
        return { height, width, data };
      }),
  );
  const core = size.chain(({ height, width }) => dataArb(height, width).map((data) => ({ height, width, data })));
  const flat = fc
    .record({ height: fc.integer({ min: 0, max: 6 }), width: fc.integer({ min: 0, max: 6 }), v: fc.constantFrom(0, 1) })
    .map(({ height, width, v }) => ({ height, width, data: new Uint8Array(height * width).fill(v) }));
  return fc.oneof(
    { weight: 5, arbitrary: drawn },
    { weight: 6, arbitrary: nested },
    { weight: 3, arbitrary: core },
    { weight: 1, arbitrary: flat },
  );
}

/**
 * Smooth shapes, 32 to 64 pixels a side: a few filled ellipses, some erased ellipses (holes or bites),
 * the kind of mask an annotator draws. For simplification properties.
 */
export function ellipseMaskArb(): fc.Arbitrary<Bitmap> {
  const ellipse = fc.record({
    cx: fc.double({ min: 0.2, max: 0.8, noNaN: true }),
    cy: fc.double({ min: 0.2, max: 0.8, noNaN: true }),
    rx: fc.double({ min: 0.1, max: 0.4, noNaN: true }),
    ry: fc.double({ min: 0.1, max: 0.4, noNaN: true }),
  });
  return fc
    .record({
      height: fc.integer({ min: 32, max: 64 }),
      width: fc.integer({ min: 32, max: 64 }),
      filled: fc.array(ellipse, { minLength: 1, maxLength: 3 }),
      erased: fc.array(
        ellipse.map((e) => ({ ...e, rx: e.rx / 3, ry: e.ry / 3 })),
        { maxLength: 2 },
      ),
    })
    .map(({ height, width, filled, erased }) => {
      const data = new Uint8Array(height * width);
      const draw = (e: { cx: number; cy: number; rx: number; ry: number }, v: number) => {
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const u = ((x + 0.5) / width - e.cx) / e.rx;
            const t = ((y + 0.5) / height - e.cy) / e.ry;
            if (u * u + t * t <= 1) data[y * width + x] = v;
          }
        }
      };
      for (const e of filled) draw(e, 1);
      for (const e of erased) draw(e, 0);
      return { height, width, data };
    });
}
