/**
 * A PNG encoder for benchmark inputs that filters rows as libpng and Pillow do (each row takes the
 * filter whose output has the smallest sum of absolute signed bytes, PNG spec 12.8), so decoders are
 * timed on the filters real files use, not on fast-png's filter-0-only output. 8-bit grey or RGB,
 * zlib level 6 (Pillow's default).
 */
import { deflateSync } from 'node:zlib';

const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

function chunk(type, body) {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(body.buffer, body.byteOffset, body.length).copy(out, 8);
  const crcInput = out.subarray(4, 8 + body.length);
  out.writeUInt32BE(crc32(crcInput), 8 + body.length);
  return out;
}

let crcTable;
function crc32(bytes) {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** `data`: width × height × channels bytes (channels 1 or 3). */
export function encodeFilteredPng(width, height, channels, data) {
  const rowBytes = width * channels;
  const raw = new Uint8Array(height * (rowBytes + 1));
  const trial = new Uint8Array(rowBytes);
  const best = new Uint8Array(rowBytes);
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    const above = row - rowBytes;
    let bestScore = Number.POSITIVE_INFINITY;
    let bestFilter = 0;
    for (let f = 0; f < 5; f++) {
      let score = 0;
      for (let i = 0; i < rowBytes; i++) {
        const a = i >= channels ? data[row + i - channels] : 0;
        const b = y > 0 ? data[above + i] : 0;
        const c = y > 0 && i >= channels ? data[above + i - channels] : 0;
        const predicted = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : paeth(a, b, c);
        const v = (data[row + i] - predicted) & 255;
        trial[i] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        bestFilter = f;
        best.set(trial);
      }
    }
    raw[y * (rowBytes + 1)] = bestFilter;
    raw.set(best, y * (rowBytes + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = channels === 1 ? 0 : 2;
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
