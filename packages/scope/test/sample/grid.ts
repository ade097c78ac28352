/** Small masks drawn in test source: one line per row, `#` foreground, `.` background. */
import { encode, toCocoRle } from '@segkit/core';

export function gridRle(text: string): { size: [number, number]; counts: string } {
  const rows = text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ''))
    .filter((line) => line.length > 0);
  const height = rows.length;
  const width = rows[0].length;
  const data = new Uint8Array(height * width);
  rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) data[y * width + x] = row[x] === '#' ? 1 : 0;
  });
  return toCocoRle(encode({ height, width, data }));
}
