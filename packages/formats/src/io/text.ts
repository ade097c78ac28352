/*
 * UTF-8 and base64 without Node's Buffer: TextDecoder and TextEncoder are web-platform globals in
 * every runtime we target (browsers, Node, Deno, workers); they are declared here because the
 * package compiles against ES2022 alone, so a Node or DOM API cannot slip in unnoticed.
 */
declare const TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string };
declare const TextEncoder: new () => { encode(text: string): Uint8Array };

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** The text of UTF-8 bytes (a leading byte-order mark dropped, as TextDecoder does). */
export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

const BASE64 = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  BASE64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
}
BASE64['-'.charCodeAt(0)] = 62; // base64url, as some tools write it
BASE64['_'.charCodeAt(0)] = 63;

/** Bytes of a base64 string; whitespace and padding are skipped, anything else ends the data. */
export function base64ToBytes(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let n = 0;
  let bits = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? BASE64[c] : -1;
    if (v < 0) {
      if (c === 61 /* = */ || c <= 32) continue;
      break;
    }
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}
