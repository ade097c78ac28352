/**
 * A deliberately plain restatement of Pillow 12.3.0's polygon fill, for checking the fast version:
 * Pillow's own shape (every edge tested on every scan line of the clamped polygon rows, horizontal
 * edges merged as ImagingDrawPolygon merges them, the whole image written through one hline), none of
 * the fast version's shortcuts (active list, rows clipped up front, unmerged horizontal edges).
 */
const f32 = Math.fround;

interface Edge {
  x0: number;
  y0: number;
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
  dx: number;
}

function edge(x0: number, y0: number, x1: number, y1: number): Edge {
  return {
    x0,
    y0,
    xmin: Math.min(x0, x1),
    xmax: Math.max(x0, x1),
    ymin: Math.min(y0, y1),
    ymax: Math.max(y0, y1),
    dx: y0 === y1 ? 0 : f32(f32(x1 - x0) / f32(y1 - y0)),
  };
}

const roundf = (v: number) => Math.sign(v) * Math.floor(Math.abs(v) + 0.5);
const roundUp = (v: number) => (v >= 0 ? Math.floor(f32(v + 0.5)) : -Math.floor(Math.abs(v) + 0.5));
const roundDown = (v: number) => (v >= 0 ? Math.ceil(f32(v - 0.5)) : -Math.ceil(Math.abs(v) - 0.5));
const at = (e: Edge, y: number) => f32(f32(f32(y - e.y0) * e.dx) + f32(e.x0));

export function slowFillPolygon(width: number, height: number, points: number[][]): Uint8Array {
  const out = new Uint8Array(width * height);
  const hline = (x0: number, y: number, x1: number) => {
    if (y < 0 || y >= height) return;
    for (let x = Math.max(x0, 0); x <= Math.min(x1, width - 1); x++) out[y * width + x] = 1;
  };
  const xy = points.flatMap(([x, y]) => [Math.trunc(x), Math.trunc(y)]);
  const count = points.length;
  const edges: Edge[] = [];
  let i = 0;
  for (; i < count - 1; i++) {
    const [x0, y0, x1, y1] = xy.slice(i * 2, i * 2 + 4);
    if (y0 === y1 && i !== 0 && y0 === xy[i * 2 - 1]) {
      const last = edges[edges.length - 1];
      if (x1 > x0 && x0 > xy[i * 2 - 2]) {
        last.xmax = x1;
        continue;
      }
      if (x1 < x0 && x0 < xy[i * 2 - 2]) {
        last.xmin = x1;
        continue;
      }
    }
    edges.push(edge(x0, y0, x1, y1));
  }
  if (count > 0 && (xy[i * 2] !== xy[0] || xy[i * 2 + 1] !== xy[1]))
    edges.push(edge(xy[i * 2], xy[i * 2 + 1], xy[0], xy[1]));

  let ymin = height - 1;
  let ymax = 0;
  const sloped: Edge[] = [];
  for (const e of edges) {
    ymin = Math.min(ymin, e.ymin);
    ymax = Math.max(ymax, e.ymax);
    if (e.ymin === e.ymax) hline(e.xmin, e.ymin, e.xmax);
    else sloped.push(e);
  }
  ymin = Math.max(ymin, 0);
  ymax = Math.min(ymax, height);
  for (let y = ymin; y <= ymax; y++) {
    const xs: number[] = [];
    sloped.forEach((current, index) => {
      if (y < current.ymin || y > current.ymax) return;
      xs.push(at(current, y));
      if (y === current.ymax && y < ymax) {
        xs.push(xs[xs.length - 1]);
        return;
      }
      if ((y !== current.ymin && y !== current.ymax) || current.dx === 0) return;
      for (const other of sloped.slice(0, index)) {
        if ((y !== other.ymin && y !== other.ymax) || other.dx === 0) continue;
        const x = xs[xs.length - 1];
        if (roundf(x) !== roundf(at(other, y))) continue;
        const next = y === current.ymax ? y - 1 : y + 1;
        if (next < other.ymin || next > other.ymax) continue;
        const a = at(current, next);
        const b = at(other, next);
        if (x > f32(a + 1) && x > f32(b + 1)) xs[xs.length - 1] = f32(roundf(Math.max(a, b)) + 1);
        else if (x < f32(a - 1) && x < f32(b - 1)) xs[xs.length - 1] = f32(roundf(Math.min(a, b)) - 1);
        break;
      }
    });
    xs.sort((a, b) => a - b);
    for (let k = 1; k < xs.length; k += 2) hline(roundUp(xs[k - 1]), y, roundDown(xs[k]));
  }
  return out;
}
