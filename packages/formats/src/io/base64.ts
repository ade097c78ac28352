/** base64 for the formats that embed images in JSON (labelme's imageData). Pure: no atob, no Buffer. */

const BASE64 = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  BASE64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
}
BASE64['-'.charCodeAt(0)] = 62; // base64url, which some exporters use
BASE64['_'.charCodeAt(0)] = 63;

/**
 * Standard or URL-safe base64 → bytes; whitespace and padding are skipped. Undefined on any other
 * character (no atob: it throws a DOMException, which is no SegkitError).
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let n = 0;
  let bits = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 || c === 32 || c === 10 || c === 13 || c === 9) continue; // '=' and whitespace
    const v = c < 256 ? BASE64[c] : -1;
    if (v < 0) return undefined;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}
