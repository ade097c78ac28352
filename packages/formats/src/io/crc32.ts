/**
 * CRC-32 (ISO 3309, the PNG chunk checksum, PNG spec annex D) with slicing-by-4 tables: four bytes a
 * step. Used when the caller gives no native crc32 (node:zlib's is hardware-assisted and faster).
 */
const TABLES = new Int32Array(4 * 256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLES[n] = c;
}
for (let n = 0; n < 256; n++) {
  for (let t = 1; t < 4; t++) {
    const previous = TABLES[(t - 1) * 256 + n];
    TABLES[t * 256 + n] = TABLES[previous & 0xff] ^ (previous >>> 8);
  }
}

/** The CRC-32 of `bytes`, as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array): number {
  let c = -1;
  let i = 0;
  const whole = bytes.length & ~3;
  for (; i < whole; i += 4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c =
      TABLES[768 + (c & 0xff)] ^
      TABLES[512 + ((c >>> 8) & 0xff)] ^
      TABLES[256 + ((c >>> 16) & 0xff)] ^
      TABLES[c >>> 24];
  }
  for (; i < bytes.length; i++) c = TABLES[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
