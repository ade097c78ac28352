/** Small masks drawn as text in test source, so a reader sees the shape the test is about. */
import type { Bitmap } from '@segkit/core';

/**
 * A row-major mask drawn as text: one line per row, `.` is 0, `#` is 1, and any digit or `x` stands
 * for a non-binary byte (`7` → 7, `x` → 255) that must still count as foreground. Spaces are ignored.
 *
 *   grid(`
 *     . # #
 *     . . #
 *   `) → { height: 2, width: 3, data: [0 1 1 0 0 1] }
 */
export function grid(text: string): Bitmap {
  const rows = text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ''))
    .filter((line) => line.length > 0);
  const height = rows.length;
  const width = height > 0 ? rows[0].length : 0;
  const data = new Uint8Array(height * width);
  rows.forEach((row, y) => {
    if (row.length !== width) throw new Error(`grid row ${y} has ${row.length} cells, expected ${width}`);
    for (let x = 0; x < width; x++) {
      const c = row[x];
      data[y * width + x] = c === '.' ? 0 : c === '#' ? 1 : c === 'x' ? 255 : Number.parseInt(c, 10);
    }
  });
  return { height, width, data };
}

/** Non-zero bytes → 1, as the encoder reads them. */
export function binarize(data: Uint8Array): Uint8Array {
  return data.map((v) => (v !== 0 ? 1 : 0));
}
