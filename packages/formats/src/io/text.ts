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
