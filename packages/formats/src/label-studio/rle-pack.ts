/**
 * The bit-packed run-length format of `@thi.ng/rle-pack` (`encode`/`decode`, v2 and later), which
 * Label Studio uses for brush masks. Our own implementation, written from the format as it is read
 * (thi-ng/umbrella packages/rle-pack/src/binary.ts, packages/bitstream) and from label-studio-converter
 * brush.py, which decodes the same bytes.
 *
 * Layout, all fields MSB-first, the last byte zero-padded:
 * - header: word count (32 bits), word size − 1 (5 bits), four run-length field sizes − 1 (4 bits
 *   each; Label Studio writes 8 and [3, 4, 8, 16]);
 * - records until `count` words are out: a flag bit (1 = run, 0 = literal chunk), a 2-bit size class
 *   t, then (length − 1) in `sizes[t]` bits, then one word (run: repeated `length` times) or
 *   `length` words (literal chunk).
 *
 * Example: the words [0 0 0 0 255 255 255 255] pack to
 * [0 0 0 8 | 57 27 | 252 96 17 255 128]: the count, the header (8, [3 4 8 16]), then two runs
 * `1 00 011 00000000` and `1 00 011 11111111`.
 *
 * Cost: decoding and encoding are one pass over the records and the words; runs are filled, not
 * looped over bit by bit.
 *
 * Why ours and not `@thi.ng/rle-pack` itself (installed; the tests use it as the reference): measured
 * with `node bench/brush-rle.mjs` on a 1920×1080 brush mask (this machine, best of 7), thi-ng's
 * `encodeBinary` took 89–220 ms against 3.5–8.6 ms here (it walks every RGBA word through an
 * iterator; we push runs), and `decodeBinary` plus taking the alpha bytes 44 ms against 7–9 ms.
 * Its decoder also allocates whatever count a header claims, lets a record run past it, ignores
 * bytes left over and throws untyped errors, where the bytes come from untrusted JSON; and its
 * encoder loses the last word of one input (see `RunPacker`). test/label-studio/thi-ng.test.ts
 * checks that both directions give thi-ng's bytes and words.
 */
import { SegkitError } from '@segkit/core';

/** What the header of a packed stream says. */
export interface RlePackHeader {
  /** Number of words the stream decodes to. */
  count: number;
  /** Bits per word, 1..32. */
  wordSize: number;
  /** Bits of the (length − 1) field for size classes 0..3, each 1..16. */
  runSizes: [number, number, number, number];
}

/** Header bits: count, word size, four run sizes. */
const HEADER_BITS = 32 + 5 + 4 * 4;

/** The largest input we read: bit positions must stay below 2^32 for the `>>> 3` byte index. */
const MAX_INPUT_BYTES = 0x1fffffff;

/** Checks that `bytes` is a list of integers 0..255 (JSON gives plain numbers) and returns it as bytes. */
export function toByteArray(bytes: ArrayLike<number>, what = 'rle'): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes === null || typeof bytes !== 'object' || typeof bytes.length !== 'number') {
    throw new SegkitError('INVALID_RLE', `${what} must be a list of bytes, got ${describe(bytes)}`);
  }
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (!Number.isInteger(b) || b < 0 || b > 255) {
      throw new SegkitError('INVALID_RLE', `${what}[${i}] is ${describe(b)}; bytes must be integers 0..255`);
    }
    out[i] = b;
  }
  return out;
}

/** Reads MSB-first bit fields of up to 32 bits; reading past the end is a SegkitError. */
class BitReader {
  private position = 0;
  private readonly limit: number;

  constructor(private readonly bytes: Uint8Array) {
    if (bytes.length > MAX_INPUT_BYTES) {
      throw new SegkitError('UNSUPPORTED', `packed stream of ${bytes.length} bytes is larger than we read (512 MiB)`);
    }
    this.limit = bytes.length * 8;
  }

  get bitPosition(): number {
    return this.position;
  }

  get bitsLeft(): number {
    return this.limit - this.position;
  }

  /** Index of the word being decoded, for error messages (set by the decoder as it goes). */
  word = -1;

  read(bits: number, what: 'the header' | 'a record header' | 'a word'): number {
    let position = this.position;
    if (position + bits > this.limit) {
      const at = what === 'the header' ? what : `${what} at word ${this.word}`;
      throw new SegkitError(
        'INVALID_RLE',
        `stream ends inside ${at}: needs ${bits} bits at bit ${position}, but only ${this.limit - position} are left (${this.bytes.length} bytes)`,
      );
    }
    let value = 0;
    let left = bits;
    while (left > 0) {
      const used = position & 7;
      const available = 8 - used;
      const take = left < available ? left : available;
      const chunk = (this.bytes[position >>> 3] >>> (available - take)) & ((1 << take) - 1);
      // Multiply, not shift: a 32-bit field must not turn negative.
      value = value * (1 << take) + chunk;
      position += take;
      left -= take;
    }
    this.position = position;
    return value;
  }
}

/** Called for every decoded stretch: words [start, end) all hold `value`. */
export type WordRunVisitor = (start: number, end: number, value: number) => void;

/**
 * Parses a packed stream and reports its words as runs, in order, without materialising them:
 * `prepare(header)` is called once the header is read (it may throw to reject the header, e.g. a
 * count that does not fit an image) and returns the visitor. Throws a SegkitError on anything that
 * is not a complete stream: a truncated header or record, a record running past `count`, a word
 * size above 8 (brush masks use 8), or more than one byte left over after the last record.
 */
export function walkPackedWords(bytes: ArrayLike<number>, prepare: (header: RlePackHeader) => WordRunVisitor): void {
  const input = toByteArray(bytes);
  const reader = new BitReader(input);
  if (reader.bitsLeft < HEADER_BITS) {
    throw new SegkitError(
      'INVALID_RLE',
      `packed stream has ${input.length} bytes, fewer than the ${Math.ceil(HEADER_BITS / 8)} its header needs`,
    );
  }
  const count = reader.read(32, 'the header');
  const wordSize = reader.read(5, 'the header') + 1;
  const runSizes: [number, number, number, number] = [0, 0, 0, 0];
  for (let t = 0; t < 4; t++) runSizes[t] = reader.read(4, 'the header') + 1;
  if (wordSize > 8) {
    throw new SegkitError('UNSUPPORTED', `word size is ${wordSize} bits; only 1..8 (bytes) are supported`);
  }
  // A cheap bound before anything is allocated: every record takes at least `minRecord` bits and
  // yields at most 2^max(runSizes) words, so a short stream cannot claim billions of words.
  const minRecord = 3 + Math.min(...runSizes) + wordSize;
  const maxRun = 2 ** Math.max(...runSizes);
  const maxWords = Math.floor(reader.bitsLeft / minRecord) * maxRun;
  if (count > maxWords) {
    throw new SegkitError(
      'INVALID_RLE',
      `header promises ${count} words but the ${reader.bitsLeft} bits that follow can hold at most ${maxWords}; the stream is truncated`,
    );
  }
  const visit = prepare({ count, wordSize, runSizes });

  let i = 0;
  while (i < count) {
    reader.word = i;
    const isRun = reader.read(1, 'a record header');
    const sizeClass = reader.read(2, 'a record header');
    const length = reader.read(runSizes[sizeClass], 'a record header') + 1;
    const end = i + length;
    if (end > count) {
      throw new SegkitError(
        'INVALID_RLE',
        `${isRun ? 'run' : 'literal chunk'} of ${length} words at word ${i} ends at ${end}, past the ${count} words the header declares`,
      );
    }
    if (isRun) {
      visit(i, end, reader.read(wordSize, 'a word'));
      i = end;
    } else {
      for (; i < end; i++) {
        reader.word = i;
        visit(i, i + 1, reader.read(wordSize, 'a word'));
      }
    }
  }
  // Encoders pad to a whole byte (thi-ng: 0..7 bits; label-studio-converter: 1..8 bits), so at most
  // one byte may follow the byte holding the last bit; for zero words thi-ng still writes one
  // 14-bit dummy record, left unread here, so two bytes.
  const usedBytes = Math.ceil(reader.bitPosition / 8);
  const allowed = count === 0 ? 2 : 1;
  if (input.length - usedBytes > allowed) {
    throw new SegkitError(
      'INVALID_RLE',
      `${input.length - usedBytes} bytes left over after the ${count} words (the stream ends at byte ${usedBytes} of ${input.length})`,
    );
  }
}

/** Decodes a packed stream of byte-sized (≤ 8-bit) words, e.g. a brush mask's RGBA bytes. */
export function unpackWords(bytes: ArrayLike<number>): Uint8Array {
  let out = new Uint8Array(0);
  walkPackedWords(bytes, ({ count }) => {
    out = new Uint8Array(count);
    return (start, end, value) => {
      if (end - start === 1) out[start] = value;
      else out.fill(value, start, end);
    };
  });
  return out;
}

/** MSB-first bit writer into a buffer that doubles when full. */
class BitWriter {
  private buffer: Uint8Array;
  private length = 0;
  /** Bits not yet written out, right-aligned; fewer than 8 between calls. */
  private pending = 0;
  private pendingBits = 0;

  constructor(capacityBytes: number) {
    this.buffer = new Uint8Array(Math.max(16, capacityBytes));
  }

  /** Appends the low `bits` bits of `value` (bits ≤ 32). */
  write(value: number, bits: number): void {
    if (bits > 24) {
      // Keep the accumulator within 31 bits: high part first, then the low 16 bits.
      this.write(Math.floor(value / 65536), bits - 16);
      this.write(value % 65536, 16);
      return;
    }
    if (this.length + 4 > this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    const pending = (this.pending << bits) | (value & ((1 << bits) - 1));
    let pendingBits = this.pendingBits + bits;
    while (pendingBits >= 8) {
      pendingBits -= 8;
      this.buffer[this.length++] = pending >>> pendingBits;
    }
    this.pending = pending & ((1 << pendingBits) - 1);
    this.pendingBits = pendingBits;
  }

  /** The bytes written, the last one zero-padded (no extra byte when already aligned, as thi-ng). */
  bytes(): Uint8Array {
    const out = this.buffer.slice(0, this.length + (this.pendingBits > 0 ? 1 : 0));
    if (this.pendingBits > 0) out[this.length] = this.pending << (8 - this.pendingBits);
    return out;
  }
}

/** Label Studio's parameters: byte words, run-length fields of 3, 4, 8 and 16 bits. */
const WORD_SIZE = 8;
const RUN_SIZES = [3, 4, 8, 16] as const;
/** Longest run or literal chunk one record holds: 2^16 words. */
const MAX_RECORD = 1 << RUN_SIZES[3];

function sizeClass(lengthMinusOne: number): number {
  return lengthMinusOne < 1 << RUN_SIZES[0]
    ? 0
    : lengthMinusOne < 1 << RUN_SIZES[1]
      ? 1
      : lengthMinusOne < 1 << RUN_SIZES[2]
        ? 2
        : 3;
}

/**
 * Turns maximal runs of words into records the way `@thi.ng/rle-pack`'s encoder does, so the bytes
 * match what Label Studio's editor writes: a word that occurs once joins a literal chunk (up to 2^16
 * words); longer runs are split into runs of 2^16 and a remainder, and a remainder of one word joins
 * the next literal chunk. A lone last word is written as a run of one.
 *
 * One deliberate difference: thi-ng's encoder drops the last word when the input ends with a run
 * whose length is 1 more than a multiple of 2^16 (its `tail` flag is cleared after the forced split);
 * we write that word, so our output always decodes to the input.
 */
class RunPacker {
  private readonly out: BitWriter;
  private readonly literal: number[] = [];
  private pendingValue = 0;
  private pendingLength = 0;
  private wroteRecord = false;

  constructor(count: number, capacityBytes: number) {
    this.out = new BitWriter(capacityBytes);
    this.out.write(count, 32);
    this.out.write(WORD_SIZE - 1, 5);
    for (const size of RUN_SIZES) this.out.write(size - 1, 4);
  }

  /** Adds `length` (≥ 1) copies of `value`; adjacent pushes of one value merge. */
  push(value: number, length: number): void {
    if (this.pendingLength > 0 && value === this.pendingValue) {
      this.pendingLength += length;
      return;
    }
    this.flushPending();
    this.pendingValue = value;
    this.pendingLength = length;
  }

  finish(): Uint8Array {
    this.flushPending();
    if (this.literal.length === 1) {
      // thi-ng keeps the last word pending outside its chunk and writes it as a run of one.
      this.writeRun(this.literal[0], 1);
      this.literal.length = 0;
    } else if (this.literal.length > 0) {
      this.writeLiteral();
    } else if (!this.wroteRecord) {
      // thi-ng writes one run record even for zero words (its value undefined → 0).
      this.writeRun(0, 1);
    }
    return this.out.bytes();
  }

  private flushPending(): void {
    let length = this.pendingLength;
    if (length === 0) return;
    const value = this.pendingValue;
    this.pendingLength = 0;
    if (length === 1) {
      this.literal.push(value);
      if (this.literal.length === MAX_RECORD) this.writeLiteral();
      return;
    }
    if (this.literal.length > 0) this.writeLiteral();
    while (length > MAX_RECORD) {
      this.writeRun(value, MAX_RECORD);
      length -= MAX_RECORD;
    }
    if (length === 1) this.literal.push(value);
    else this.writeRun(value, length);
  }

  private writeRun(value: number, length: number): void {
    const t = sizeClass(length - 1);
    this.out.write(1, 1);
    this.out.write(t, 2);
    this.out.write(length - 1, RUN_SIZES[t]);
    this.out.write(value, WORD_SIZE);
    this.wroteRecord = true;
  }

  private writeLiteral(): void {
    const words = this.literal;
    const t = sizeClass(words.length - 1);
    this.out.write(0, 1);
    this.out.write(t, 2);
    this.out.write(words.length - 1, RUN_SIZES[t]);
    for (const word of words) this.out.write(word, WORD_SIZE);
    words.length = 0;
    this.wroteRecord = true;
  }
}

/**
 * Packs byte words with Label Studio's parameters (8-bit words, run sizes [3, 4, 8, 16]); the
 * bytes are those `@thi.ng/rle-pack`'s `encode(words, words.length)` returns (see `RunPacker` for
 * the one input where thi-ng loses a word and we do not).
 */
export function packWords(words: ArrayLike<number>): Uint8Array {
  if (words.length > 0xffffffff) {
    throw new SegkitError('INVALID_RLE', `${words.length} words do not fit the 32-bit count field`);
  }
  const packer = new RunPacker(words.length, 8 + words.length / 4);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!Number.isInteger(w) || w < 0 || w > 255) {
      throw new SegkitError('INVALID_RLE', `word ${i} is ${describe(w)}; words must be integers 0..255`);
    }
    packer.push(w, 1);
  }
  return packer.finish();
}

/**
 * Packs `count` words given as runs, without materialising them: `runs` yields [value, length]
 * pairs in order (lengths ≥ 1, summing to `count`).
 */
export function packWordRuns(count: number, runs: Iterable<readonly [value: number, length: number]>): Uint8Array {
  return packRuns(count, (push) => {
    for (const [value, length] of runs) push(value, length);
  });
}

/**
 * The same as `packWordRuns`, for hot loops: `emit` calls `push(value, length)` for each run in
 * order, so no pair is allocated per run. Used for masks, where every pixel is 4 words.
 */
export function packRuns(count: number, emit: (push: (value: number, length: number) => void) => void): Uint8Array {
  if (!Number.isInteger(count) || count < 0 || count > 0xffffffff) {
    throw new SegkitError('INVALID_RLE', `word count ${count} does not fit the 32-bit count field`);
  }
  const packer = new RunPacker(count, 64);
  let total = 0;
  emit((value, length) => {
    if (!Number.isInteger(value) || value < 0 || value > 255) {
      throw new SegkitError('INVALID_RLE', `run value ${describe(value)} is not an integer 0..255`);
    }
    if (!Number.isInteger(length) || length < 1) {
      throw new SegkitError('INVALID_RLE', `run length ${describe(length)} is not a positive integer`);
    }
    total += length;
    packer.push(value, length);
  });
  if (total !== count) {
    throw new SegkitError('INVALID_RLE', `runs cover ${total} words but the count is ${count}`);
  }
  return packer.finish();
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return Array.isArray(value) ? 'a list' : typeof value;
}
