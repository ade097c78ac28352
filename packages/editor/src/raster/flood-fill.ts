/**
 * 4-connected scanline flood fill: the region of pixels for which `inside(x, y)` holds that is
 * 4-connected to the seed, as row spans. Each span is found once (a visited byte per pixel in a
 * scratch buffer that grows and is cleared span by span afterwards), so the cost follows the region,
 * not the image.
 *
 *   inside:  1 1 0 1      seed (0, 0) → spans (y, x0, x1): (0, 0, 2), (1, 1, 3)
 *            0 1 1 0
 */

let visited = new Uint8Array(0);

/** Spans as triples (y, x0, x1) with x1 exclusive, in discovery order. */
export function floodFillSpans(
  width: number,
  height: number,
  seedX: number,
  seedY: number,
  inside: (x: number, y: number) => boolean,
): number[] {
  const spans: number[] = [];
  if (seedX < 0 || seedY < 0 || seedX >= width || seedY >= height || !inside(seedX, seedY)) return spans;
  if (visited.length < width * height) visited = new Uint8Array(width * height);
  const seen = visited;
  const stack: number[] = [seedX, seedY];
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    const row = y * width;
    if (seen[row + x] || !inside(x, y)) continue;
    let x0 = x;
    while (x0 > 0 && !seen[row + x0 - 1] && inside(x0 - 1, y)) x0--;
    let x1 = x + 1;
    while (x1 < width && !seen[row + x1] && inside(x1, y)) x1++;
    seen.fill(1, row + x0, row + x1);
    spans.push(y, x0, x1);
    for (const ny of [y - 1, y + 1]) {
      if (ny < 0 || ny >= height) continue;
      const nrow = ny * width;
      let open = false;
      for (let nx = x0; nx < x1; nx++) {
        const ok = !seen[nrow + nx] && inside(nx, ny);
        if (ok && !open) stack.push(nx, ny);
        open = ok;
      }
    }
  }
  for (let i = 0; i < spans.length; i += 3) {
    const row = spans[i] * width;
    seen.fill(0, row + spans[i + 1], row + spans[i + 2]);
  }
  return spans;
}

/**
 * Connected parts of a mask (8-connected: pixels touching at a corner belong together, as an
 * annotator reads a shape), labelled 1..n in raster order of their first pixel. Returns the label
 * image and n.
 *
 *   1 1 0 0        1 1 0 0
 *   0 0 0 1   →    0 0 0 2      n = 2
 *   0 0 1 1        0 0 2 2
 */
export function connectedParts(data: Uint8Array, width: number, height: number): { labels: Int32Array; count: number } {
  const labels = new Int32Array(width * height);
  let count = 0;
  const stack: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (!data[start] || labels[start]) continue;
    count++;
    labels[start] = count;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (data[j] && !labels[j]) {
            labels[j] = count;
            stack.push(j);
          }
        }
      }
    }
  }
  return { labels, count };
}

/** Calls fn(y, x0, x1) for each horizontal run of `value` in a row-major label image placed at (ox, oy). */
export function forEachSpan(
  data: ArrayLike<number>,
  width: number,
  height: number,
  ox: number,
  oy: number,
  value: number,
  fn: (y: number, x0: number, x1: number) => void,
): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      if (data[row + x] !== value) {
        x++;
        continue;
      }
      const s = x;
      while (x < width && data[row + x] === value) x++;
      fn(oy + y, ox + s, ox + x);
    }
  }
}
