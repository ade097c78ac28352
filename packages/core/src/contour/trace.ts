import type { Bitmap, Rle } from '../rle/types.js';
import { type ColumnTable, columnTable, maskRle, upperBound } from './columns.js';

/*
 * Mask → boundary rings by crack following: the rings run along pixel edges, so every vertex is a
 * pixel corner (x, y) with integer coordinates (pixel (x, y) covers [x, x+1) × [y, y+1)), every edge is
 * horizontal or vertical, and consecutive edges turn (no collinear vertices).
 *
 * Connectivity: foreground is 4-connected, background 8-connected. Where two foreground pixels touch
 * only at a corner (a 2×2 block . # / # . ), the ring arriving at that corner turns so as to keep
 * hugging the pixel it is following, so the two pixels get separate rings that share the corner
 * point; and a hole touching another hole (or the outside) at a corner is one region.
 *
 *   # # .        outer ring of the left pair and outer ring of the single pixel meet at (2, 1);
 *   . . #        they are two components, two rings, two parts.
 *
 * Orientation: a ring keeps the foreground on its right as it is walked on screen (y down), so outer
 * rings run clockwise and holes counter-clockwise; in the shoelace sum over [x0, y0, x1, y1, ...]
 * (y down) outer rings have positive area and holes negative.
 *
 * How: the mask is read as intervals per column (columns.ts): each interval start or end is one
 * horizontal crack. A ring alternates a horizontal move (along consecutive cracks of one row, one
 * interval entry per column) and a vertical move, which jumps to the next turn with one binary search
 * in each of the two neighbouring columns. Entries are scanned in column-major order and each
 * unvisited one starts a new ring, which marks every entry it passes. The first entry of a ring found
 * this way is the top crack of its component's leftmost, topmost pixel for an outer ring, and the
 * bottom crack of the pixel above a hole's leftmost, topmost pixel for a hole; the entry just above
 * the latter, in the same column, has been traced already and names the hole's component.
 * Cost: O(runs + columns) to build the table plus O((entries + vertices) · log(intervals per column))
 * to trace; no per-pixel work (a Bitmap is encoded first, one pass) and no per-vertex objects.
 */

/** Boundary rings of a mask: plain typed arrays, rings in discovery order (column-major). */
export interface Contours {
  readonly height: number;
  readonly width: number;
  /** All vertices of all rings, `[x0, y0, x1, y1, ...]`, on integer pixel corners. */
  readonly xy: Uint32Array;
  /** Ring r has vertices `ringStart[r] .. ringStart[r + 1] - 1` (vertex i is `xy[2i], xy[2i + 1]`). */
  readonly ringStart: Uint32Array;
  /**
   * -1 for an outer ring; for a hole, the index of the outer ring of the component around it (always
   * a lower index). A hole's first vertex is its top-left corner and its first edge goes down.
   */
  readonly parent: Int32Array;
}

/** What the tracer knows beyond `Contours`; its arrays are shared scratch, valid until the next trace. */
export interface Trace extends Contours {
  readonly rings: number;
  readonly vertices: number;
  readonly table: ColumnTable;
  /** Per table entry: the ring through that crack. */
  readonly entryRing: Int32Array;
  /** Per table entry: the vertex that starts the horizontal edge containing that crack. */
  readonly entryVertex: Int32Array;
  /** Per ring: the table entry it was found from. */
  readonly firstEntry: Uint32Array;
  /**
   * Per outer ring: the hole (of another component) whose region it lies in, or -1 when it lies in the
   * background that reaches the image border. Holes: -1.
   */
  readonly container: Int32Array;
}

const EAST = 0;
const SOUTH = 1;
const WEST = 2;
const NORTH = 3;

let xyBuffer = new Uint32Array(1024);
let entryRingBuffer = new Int32Array(1024);
let entryVertexBuffer = new Int32Array(1024);
let ringStartBuffer = new Uint32Array(256);
let parentBuffer = new Int32Array(256);
let firstEntryBuffer = new Uint32Array(256);
let containerBuffer = new Int32Array(256);

function atLeast<T extends Uint32Array | Int32Array>(buffer: T, needed: number, make: (n: number) => T): T {
  if (buffer.length >= needed) return buffer;
  let size = buffer.length;
  while (size < needed) size *= 2;
  return make(size);
}

/**
 * The boundary rings of a mask (Bitmap or RLE), outer boundaries and holes, with each hole's outer
 * ring. See the module comment for the conventions. An empty mask has no rings.
 *
 *   . . . .
 *   . # # .    → one outer ring [1,1, 3,1, 3,3, 1,3]
 *   . # # .
 */
export function traceContours(mask: Bitmap | Rle): Contours {
  const t = trace(maskRle(mask));
  return {
    height: t.height,
    width: t.width,
    xy: t.xy.slice(0, 2 * t.vertices),
    ringStart: t.ringStart.slice(0, t.rings + 1),
    parent: t.parent.slice(0, t.rings),
  };
}

/** Traces an RLE (checked by the caller) into shared scratch arrays. */
export function trace(rle: Rle): Trace {
  const table = columnTable(rle);
  const { width: w, size, colStart, rows } = table;
  // Every ring alternates horizontal and vertical moves and each horizontal move covers at least
  // one entry, so there are at most 2·size vertices and size/2 rings.
  xyBuffer = atLeast(xyBuffer, 4 * size, (n) => new Uint32Array(n));
  entryRingBuffer = atLeast(entryRingBuffer, size, (n) => new Int32Array(n));
  entryVertexBuffer = atLeast(entryVertexBuffer, size, (n) => new Int32Array(n));
  const ringCapacity = (size >>> 1) + 1;
  ringStartBuffer = atLeast(ringStartBuffer, ringCapacity + 1, (n) => new Uint32Array(n));
  parentBuffer = atLeast(parentBuffer, ringCapacity, (n) => new Int32Array(n));
  firstEntryBuffer = atLeast(firstEntryBuffer, ringCapacity, (n) => new Uint32Array(n));
  containerBuffer = atLeast(containerBuffer, ringCapacity, (n) => new Int32Array(n));
  const xy = xyBuffer;
  const entryRing = entryRingBuffer;
  const entryVertex = entryVertexBuffer;
  const ringStart = ringStartBuffer;
  const parent = parentBuffer;
  const firstEntry = firstEntryBuffer;
  const container = containerBuffer;
  entryRing.fill(-1, 0, size);

  let vertices = 0;
  let rings = 0;
  ringStart[0] = 0;

  for (let column = 0; column < w; column++) {
    const columnEnd = colStart[column + 1];
    for (let first = colStart[column]; first < columnEnd; first++) {
      if (entryRing[first] >= 0) continue;
      const ring = rings++;
      const isStart = ((first - colStart[column]) & 1) === 0;
      // The state at the ring's first vertex: its corner (x, y), the direction it leaves in, and the
      // table entry the next move needs (see `traceRing`).
      const x = column;
      const y = rows[first];
      let direction: number;
      let entry: number;
      if (isStart) {
        // Top crack of the component's leftmost, topmost pixel: an outer ring, leaving east.
        direction = EAST;
        entry = first;
        parent[ring] = -1;
        // The background above it lies in whatever region the ring ending the interval above lies in.
        const above = first > colStart[column] ? entryRing[first - 1] : -1;
        container[ring] = above < 0 ? -1 : parent[above] >= 0 ? above : container[above];
      } else {
        // Bottom crack above a hole's leftmost, topmost pixel; start at its west end (the hole's
        // top-left corner), where the ring turns south. The interval's top crack (entry first - 1)
        // is on a ring of the same component, traced already.
        const above = entryRing[first - 1];
        parent[ring] = parent[above] >= 0 ? parent[above] : above;
        container[ring] = -1;
        direction = SOUTH;
        // South moves need the end entry of the interval on their west side, in column x - 1 (x > 0:
        // pixel (x - 1, y) is foreground, or the hole would reach further left).
        entry = upperBound(rows, colStart[x - 1], colStart[x], y);
      }
      firstEntry[ring] = first;
      vertices = traceRing(table, entryRing, entryVertex, xy, vertices, ring, x, y, direction, entry);
      ringStart[ring + 1] = vertices;
    }
  }
  return {
    height: rle.height,
    width: rle.width,
    xy,
    ringStart,
    parent,
    rings,
    vertices,
    table,
    entryRing,
    entryVertex,
    firstEntry,
    container,
  };
}

/**
 * Walks one ring from its first vertex until it is back there leaving the same way, appending its
 * vertices to `xy` from index `vertex` and marking the entries it passes. Returns the new vertex count.
 *
 * Each move starts at a vertex and ends at the next turn. What `entry` holds on entering a move:
 * - EAST at (x, y): the start entry of column x at row y (the crack to walk first).
 * - WEST at (x, y): the end entry of column x - 1 at row y.
 * - SOUTH at (x, y), foreground on the west: the end entry of the interval of column x - 1 holding row y.
 * - NORTH at (x, y), foreground on the east: the start entry of the interval of column x holding row y - 1.
 * At a corner where foreground touches only diagonally, the ring turns right (toward its own pixel).
 */
function traceRing(
  table: ColumnTable,
  entryRing: Int32Array,
  entryVertex: Int32Array,
  xy: Uint32Array,
  vertex: number,
  ring: number,
  startX: number,
  startY: number,
  startDirection: number,
  startEntry: number,
): number {
  const { width: w, colStart, rows } = table;
  let x = startX;
  let y = startY;
  let direction = startDirection;
  let entry = startEntry;
  do {
    const v = vertex++;
    xy[2 * v] = x;
    xy[2 * v + 1] = y;
    if (direction === EAST) {
      let c = x;
      let e = entry;
      for (;;) {
        entryRing[e] = ring;
        entryVertex[e] = v;
        const next = c + 1;
        if (next >= w) {
          direction = SOUTH;
          entry = e + 1;
          break;
        }
        const from = colStart[next];
        const j = upperBound(rows, from, colStart[next + 1], y);
        if (((j - from) & 1) === 0) {
          // Pixel (next, y) is background: turn right.
          direction = SOUTH;
          entry = e + 1;
          break;
        }
        if (rows[j - 1] === y) {
          // An interval of the next column starts at y too: straight on.
          c = next;
          e = j - 1;
          continue;
        }
        // Pixels (next, y - 1) and (next, y) are both foreground: turn left.
        direction = NORTH;
        entry = j - 1;
        break;
      }
      x = c + 1;
    } else if (direction === WEST) {
      let c = x - 1;
      let e = entry;
      for (;;) {
        entryRing[e] = ring;
        entryVertex[e] = v;
        if (c === 0) {
          direction = NORTH;
          entry = e - 1;
          break;
        }
        const previous = c - 1;
        const from = colStart[previous];
        const j = upperBound(rows, from, colStart[c], y - 1);
        if (((j - from) & 1) === 0) {
          // Pixel (previous, y - 1) is background: turn right.
          direction = NORTH;
          entry = e - 1;
          break;
        }
        if (rows[j] === y) {
          // An interval of the previous column ends at y too: straight on.
          c = previous;
          e = j;
          continue;
        }
        // Pixels (previous, y - 1) and (previous, y) are both foreground: turn left.
        direction = SOUTH;
        entry = j;
        break;
      }
      x = c;
    } else if (direction === SOUTH) {
      // Down the west side's interval until it ends, unless column x starts an interval first.
      const end = rows[entry];
      let nextStart = Number.POSITIVE_INFINITY;
      let j = -1;
      if (x < w) {
        const to = colStart[x + 1];
        j = upperBound(rows, colStart[x], to, y);
        if (j < to) nextStart = rows[j];
      }
      if (end <= nextStart) {
        y = end;
        direction = WEST;
      } else {
        y = nextStart;
        direction = EAST;
        entry = j;
      }
    } else {
      // Up the east side's interval until it starts, unless column x - 1 ends an interval first.
      const start = rows[entry];
      let previousEnd = -1;
      let j = -1;
      if (x > 0) {
        const from = colStart[x - 1];
        j = upperBound(rows, from, colStart[x], y - 1);
        if (j > from) previousEnd = rows[j - 1];
      }
      if (start >= previousEnd) {
        y = start;
        direction = EAST;
      } else {
        y = previousEnd;
        direction = WEST;
        entry = j - 1;
      }
    }
  } while (x !== startX || y !== startY || direction !== startDirection);
  return vertex;
}
