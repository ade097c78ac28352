/**
 * The integer Bresenham line of error form, exactly as editor.md pins it (so a stroke has no gaps at
 * any pointer speed): dx = |x1 − x0|, dy = −|y1 − y0|, sx, sy the signs of the steps, err = dx + dy;
 * plot (x, y); until at the end: e2 = 2·err; if e2 ≥ dy: err += dy, x += sx; if e2 ≤ dx: err += dx,
 * y += sy; plot (x, y).
 *
 * Example: (0, 0) → (3, 1) plots (0, 0), (1, 0), (2, 1), (3, 1).
 */

/** Calls `plot(x, y)` for every pixel of the line from (x0, y0) to (x1, y1), both ends included. */
export function bresenham(x0: number, y0: number, x1: number, y1: number, plot: (x: number, y: number) => void): void {
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  let x = x0;
  let y = y0;
  plot(x, y);
  while (x !== x1 || y !== y1) {
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
    plot(x, y);
  }
}
