import { type Bitmap, encode, type Rle } from '@segkit/core';

/** A mask drawn as rows of '#' (foreground) and '.' (background), spaces ignored. */
export function grid(...rows: string[]): Rle {
  return encode(gridBitmap(...rows));
}

export function gridBitmap(...rows: string[]): Bitmap {
  const lines = rows.map((r) => r.replace(/\s+/g, ''));
  const height = lines.length;
  const width = lines[0].length;
  const data = new Uint8Array(height * width);
  lines.forEach((line, y) => {
    for (let x = 0; x < width; x++) data[y * width + x] = line[x] === '#' ? 1 : 0;
  });
  return { height, width, data };
}

/** A filled rectangle mask. */
export function rectangle(height: number, width: number, x: number, y: number, w: number, h: number): Rle {
  const data = new Uint8Array(height * width);
  for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) data[yy * width + xx] = 1;
  return encode({ height, width, data });
}

/** A digital disc: pixels whose centre is within r of (cx, cy). */
export function disc(height: number, width: number, cx: number, cy: number, r: number): Rle {
  const data = new Uint8Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      if (dx * dx + dy * dy <= r * r) data[y * width + x] = 1;
    }
  }
  return encode({ height, width, data });
}
