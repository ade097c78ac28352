/**
 * PNG row filters undone in place (PNG spec, section 9): the inflated data is rows of one filter-type
 * byte and `rowBytes` filtered bytes; each row is unfiltered into the same buffer, moved left over
 * the filter bytes, so row y ends up at `start + y * rowBytes` and no second image-sized buffer is
 * needed. That is safe because row y's output lies y + 1 bytes before its input, and every loop
 * reads a byte of input before it writes the bytes before it.
 *
 * One small function per filter, each a flat loop: the first `bpp` bytes of a row (no left
 * neighbour) and the first row (no row above) are handled apart, so no loop tests per byte.
 */

/**
 * Unfilters `rows` rows of `rowBytes` bytes (plus a filter byte each) found at `start` of `buf`;
 * `bpp` is the bytes per complete pixel (1 for sub-byte depths). Returns -1, or the index of the
 * first row whose filter type is not 0-4 (the rows before it are unfiltered).
 */
export function unfilterInPlace(buf: Uint8Array, start: number, rows: number, rowBytes: number, bpp: number): number {
  const first = Math.min(bpp, rowBytes);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let y = 0; y < rows; y++) {
    const src = start + y * (rowBytes + 1) + 1;
    const filter = buf[src - 1];
    const row = start + y * rowBytes;
    const above = row - rowBytes;
    // With no row above, Up is None, Average halves the left byte and Paeth takes the left byte.
    const kind = y > 0 ? filter : filter === 2 ? 0 : filter === 4 ? 1 : filter === 3 ? 5 : filter;
    if (kind === 0) buf.copyWithin(row, src, src + rowBytes);
    else if (kind === 1 && bpp === 1) subGrey(view, buf, src, row, rowBytes);
    else if (kind === 1 && bpp === 3) subRgb(view, buf, src, row, rowBytes);
    else if (kind === 1) sub(buf, src, row, rowBytes, bpp, first);
    else if (kind === 2) up(view, buf, src, row, above, rowBytes);
    else if (kind === 3) average(buf, src, row, above, rowBytes, bpp, first);
    else if (kind === 4 && bpp === 1) paethGrey(view, buf, src, row, above, rowBytes);
    else if (kind === 4 && bpp === 3) paethRgb(view, buf, src, row, above, rowBytes);
    else if (kind === 4) paeth(buf, src, row, above, rowBytes, bpp, first);
    else if (kind === 5) averageFirstRow(buf, src, row, rowBytes, bpp, first);
    else return y;
  }
  return -1;
}

function sub(b: Uint8Array, src: number, row: number, n: number, bpp: number, first: number): void {
  for (let i = 0; i < first; i++) b[row + i] = b[src + i];
  for (let i = first; i < n; i++) b[row + i] = b[src + i] + b[row + i - bpp];
}

/** Sub for one byte a pixel: where four residuals are 0, the left byte four times. */
function subGrey(view: DataView, b: Uint8Array, src: number, row: number, n: number): void {
  let a = b[src];
  b[row] = a;
  const last4 = n - 4;
  for (let i = 1; i < n; ) {
    if (i <= last4 && view.getUint32(src + i, true) === 0) {
      view.setUint32(row + i, Math.imul(a, 0x01010101), true);
      i += 4;
      continue;
    }
    a = (b[src + i] + a) & 255;
    b[row + i] = a;
    i++;
  }
}

/** Sub for 8-bit RGB: where four pixels' residuals are 0, the left pixel four times. */
function subRgb(view: DataView, b: Uint8Array, src: number, row: number, n: number): void {
  let a0 = b[src];
  let a1 = b[src + 1];
  let a2 = b[src + 2];
  b[row] = a0;
  b[row + 1] = a1;
  b[row + 2] = a2;
  const last12 = n - 12;
  for (let i = 3; i < n; ) {
    if (
      i <= last12 &&
      (view.getUint32(src + i, true) | view.getUint32(src + i + 4, true) | view.getUint32(src + i + 8, true)) === 0
    ) {
      view.setUint32(row + i, a0 | (a1 << 8) | (a2 << 16) | (a0 << 24), true);
      view.setUint32(row + i + 4, a1 | (a2 << 8) | (a0 << 16) | (a1 << 24), true);
      view.setUint32(row + i + 8, a2 | (a0 << 8) | (a1 << 16) | (a2 << 24), true);
      i += 12;
      continue;
    }
    a0 = (b[src + i] + a0) & 255;
    a1 = (b[src + i + 1] + a1) & 255;
    a2 = (b[src + i + 2] + a2) & 255;
    b[row + i] = a0;
    b[row + i + 1] = a1;
    b[row + i + 2] = a2;
    i += 3;
  }
}

function up(view: DataView, b: Uint8Array, src: number, row: number, above: number, n: number): void {
  // Four bytes at a time: a bytewise add without carries between the lanes (SWAR). Where the
  // residuals are 0 (a row that repeats the one above, the usual case in label maps) the run is
  // one copy of the row above. Each step reads its input before writing output that ends before
  // the next input.
  const whole = n & ~3;
  let i = 0;
  while (i < whole) {
    const x = view.getUint32(src + i, true);
    if (x === 0) {
      let j = i + 4;
      while (j < whole && view.getUint32(src + j, true) === 0) j += 4;
      b.copyWithin(row + i, above + i, above + j);
      i = j;
      continue;
    }
    const y = view.getUint32(above + i, true);
    view.setUint32(row + i, ((x & 0x7f7f7f7f) + (y & 0x7f7f7f7f)) ^ ((x ^ y) & 0x80808080), true);
    i += 4;
  }
  for (; i < n; i++) b[row + i] = b[src + i] + b[above + i];
}

function average(b: Uint8Array, src: number, row: number, above: number, n: number, bpp: number, first: number) {
  for (let i = 0; i < first; i++) b[row + i] = b[src + i] + (b[above + i] >> 1);
  for (let i = first; i < n; i++) b[row + i] = b[src + i] + ((b[row + i - bpp] + b[above + i]) >> 1);
}

function averageFirstRow(b: Uint8Array, src: number, row: number, n: number, bpp: number, first: number) {
  for (let i = 0; i < first; i++) b[row + i] = b[src + i];
  for (let i = first; i < n; i++) b[row + i] = b[src + i] + (b[row + i - bpp] >> 1);
}

/** Paeth's predictor (PNG spec 9.4): whichever of left, above, upper-left is nearest a + b - c. */
function predict(a: number, b: number, c: number): number {
  const pa = b > c ? b - c : c - b;
  const pb = a > c ? a - c : c - a;
  const d = a + b - 2 * c;
  const pc = d < 0 ? -d : d;
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/*
 * Paeth on label maps: inside a region the residuals are 0 and the row above is flat, where the
 * predictor gives the left pixel (above = upper-left makes |p - a| = 0), so such stretches are
 * taken four pixels at a time: the residual words are 0 and the row above equals itself shifted by
 * one pixel, and the left pixel is written four times. Elsewhere a byte at a time, the left and
 * upper-left bytes kept in locals (one load per byte above). In place: each step reads its input
 * before writing output that ends before the next input (see the module comment).
 */

/** Paeth for one byte per pixel (8-bit grey and palette label maps). */
function paethGrey(view: DataView, b: Uint8Array, src: number, row: number, above: number, n: number): void {
  let c = b[above];
  let a = (b[src] + c) & 255;
  b[row] = a;
  const last4 = n - 4;
  for (let i = 1; i < n; ) {
    if (
      i <= last4 &&
      view.getUint32(src + i, true) === 0 &&
      view.getUint32(above + i, true) === view.getUint32(above + i - 1, true)
    ) {
      view.setUint32(row + i, Math.imul(a, 0x01010101), true);
      i += 4;
      c = b[above + i - 1];
      continue;
    }
    const u = b[above + i];
    a = (b[src + i] + (u === c ? a : predict(a, u, c))) & 255;
    b[row + i] = a;
    c = u;
    i++;
  }
}

/** Paeth for 8-bit RGB (panoptic PNGs), four pixels (three words) at a time where flat. */
function paethRgb(view: DataView, b: Uint8Array, src: number, row: number, above: number, n: number): void {
  let c0 = b[above];
  let c1 = b[above + 1];
  let c2 = b[above + 2];
  let a0 = (b[src] + c0) & 255;
  let a1 = (b[src + 1] + c1) & 255;
  let a2 = (b[src + 2] + c2) & 255;
  b[row] = a0;
  b[row + 1] = a1;
  b[row + 2] = a2;
  const last12 = n - 12;
  for (let i = 3; i < n; ) {
    if (
      i <= last12 &&
      (view.getUint32(src + i, true) | view.getUint32(src + i + 4, true) | view.getUint32(src + i + 8, true)) === 0 &&
      view.getUint32(above + i, true) === view.getUint32(above + i - 3, true) &&
      view.getUint32(above + i + 4, true) === view.getUint32(above + i + 1, true) &&
      view.getUint32(above + i + 8, true) === view.getUint32(above + i + 5, true)
    ) {
      // The left pixel four times: [a0 a1 a2 a0] [a1 a2 a0 a1] [a2 a0 a1 a2], little-endian words.
      view.setUint32(row + i, a0 | (a1 << 8) | (a2 << 16) | (a0 << 24), true);
      view.setUint32(row + i + 4, a1 | (a2 << 8) | (a0 << 16) | (a1 << 24), true);
      view.setUint32(row + i + 8, a2 | (a0 << 8) | (a1 << 16) | (a2 << 24), true);
      i += 12;
      c0 = b[above + i - 3];
      c1 = b[above + i - 2];
      c2 = b[above + i - 1];
      continue;
    }
    const b0 = b[above + i];
    const b1 = b[above + i + 1];
    const b2 = b[above + i + 2];
    a0 = (b[src + i] + (b0 === c0 ? a0 : predict(a0, b0, c0))) & 255;
    a1 = (b[src + i + 1] + (b1 === c1 ? a1 : predict(a1, b1, c1))) & 255;
    a2 = (b[src + i + 2] + (b2 === c2 ? a2 : predict(a2, b2, c2))) & 255;
    b[row + i] = a0;
    b[row + i + 1] = a1;
    b[row + i + 2] = a2;
    c0 = b0;
    c1 = b1;
    c2 = b2;
    i += 3;
  }
}

function paeth(b: Uint8Array, src: number, row: number, above: number, n: number, bpp: number, first: number) {
  for (let i = 0; i < first; i++) b[row + i] = b[src + i] + b[above + i];
  for (let i = first; i < n; i++) {
    const l = b[row + i - bpp];
    const u = b[above + i];
    const c = b[above + i - bpp];
    const p = l + u - c;
    const pa = p > l ? p - l : l - p;
    const pb = p > u ? p - u : u - p;
    const pc = p > c ? p - c : c - p;
    b[row + i] = b[src + i] + (pa <= pb && pa <= pc ? l : pb <= pc ? u : c);
  }
}
