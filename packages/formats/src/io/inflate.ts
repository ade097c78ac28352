/**
 * zlib inflate (RFC 1950 around RFC 1951 deflate) into one buffer whose size the caller knows
 * beforehand (a PNG header says how many bytes its image data inflates to): the only allocation is
 * that buffer, and a stream that holds more stops with a RangeError as soon as it passes the end,
 * so a deflate bomb (1 KB of input can claim 1 MB of output) never costs more memory or time than
 * the header promised. The portable inflate of the PNG decoder, used where no native one is handed
 * in (a browser); the Node layer passes node:zlib's with the same contract (jobs' nodePngCodec).
 *
 *   inflateBounded(zlibBytes, 640)  → the 640 bytes, or fewer when the stream is cut short
 *   inflateBounded(bomb, 640)       → RangeError (code ERR_BUFFER_TOO_LARGE): more than 640 bytes
 *
 * A stream cut short returns what it holds (the PNG decoder says which row the data ends in);
 * damaged data (bad header, invalid codes, distances too far back, a wrong Adler-32) throws an
 * Error, where zlib's own inflate does: the same rules as zlib's inftrees.c (incomplete code sets
 * only for a single one-bit code, no over-subscribed sets) so both inflates accept the same streams.
 *
 * Huffman codes are decoded through one lookup table per code set, indexed by the next `maxBits`
 * input bits (LSB first), entry `symbol << 4 | length`, as zlib's and fflate's fast paths do.
 */

/** Base lengths and extra bits of length symbols 257-285 (RFC 1951, 3.2.5). */
const LENGTH_BASE = Uint16Array.of(
  3,
  4,
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  13,
  15,
  17,
  19,
  23,
  27,
  31,
  35,
  43,
  51,
  59,
  67,
  83,
  99,
  115,
  131,
  163,
  195,
  227,
  258,
);
const LENGTH_EXTRA = Uint8Array.of(
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  1,
  1,
  1,
  1,
  2,
  2,
  2,
  2,
  3,
  3,
  3,
  3,
  4,
  4,
  4,
  4,
  5,
  5,
  5,
  5,
  0,
);
const DISTANCE_BASE = Uint16Array.of(
  1,
  2,
  3,
  4,
  5,
  7,
  9,
  13,
  17,
  25,
  33,
  49,
  65,
  97,
  129,
  193,
  257,
  385,
  513,
  769,
  1025,
  1537,
  2049,
  3073,
  4097,
  6145,
  8193,
  12289,
  16385,
  24577,
);
const DISTANCE_EXTRA = Uint8Array.of(
  0,
  0,
  0,
  0,
  1,
  1,
  2,
  2,
  3,
  3,
  4,
  4,
  5,
  5,
  6,
  6,
  7,
  7,
  8,
  8,
  9,
  9,
  10,
  10,
  11,
  11,
  12,
  12,
  13,
  13,
);
/** Order of the code-length code lengths in a dynamic block header. */
const CODE_LENGTH_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

/** A decoding table: `table[next maxBits bits]` = symbol << 4 | code length (0: no code). */
interface CodeTable {
  table: Int32Array;
  maxBits: number;
}

type CodeKind = 'codes' | 'lengths' | 'distances';

/** zlib's messages (inflate.c), so both inflates word a damaged stream alike. */
const SET_ERRORS: Record<CodeKind, string> = {
  codes: 'invalid code lengths set',
  lengths: 'invalid literal/lengths set',
  distances: 'invalid distances set',
};

class InflateError extends Error {}

/** The decoding table of canonical code lengths (RFC 1951, 3.2.2), with zlib's completeness rules. */
function buildTable(lengths: Uint8Array, kind: CodeKind): CodeTable {
  const count = new Uint16Array(16);
  for (let i = 0; i < lengths.length; i++) count[lengths[i]]++;
  let maxBits = 15;
  while (maxBits > 0 && count[maxBits] === 0) maxBits--;
  if (maxBits === 0) {
    // No codes at all: zlib builds a one-bit table of invalid entries. Distances fail on first
    // use (a block of literals only is fine); the code-length loop reads its entries as length 0.
    return { table: kind === 'codes' ? Int32Array.of(1, 1) : new Int32Array(2), maxBits: 1 };
  }
  let left = 1;
  for (let bits = 1; bits <= 15; bits++) {
    left = (left << 1) - count[bits];
    if (left < 0) throw new InflateError(SET_ERRORS[kind]); // over-subscribed
  }
  // Incomplete sets: only a single one-bit code, and not for the code-length code (zlib's rule).
  if (left > 0 && (kind === 'codes' || maxBits !== 1)) throw new InflateError(SET_ERRORS[kind]);
  const next = new Uint16Array(16);
  count[0] = 0;
  for (let bits = 1, code = 0; bits <= 15; bits++) {
    code = (code + count[bits - 1]) << 1;
    next[bits] = code;
  }
  const size = 1 << maxBits;
  const table = new Int32Array(size);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const bits = lengths[symbol];
    if (bits === 0) continue;
    // Codes are sent most significant bit first into an LSB-first stream: index by the reversed code.
    let code = next[bits]++;
    let reversed = 0;
    for (let b = 0; b < bits; b++) {
      reversed = (reversed << 1) | (code & 1);
      code >>= 1;
    }
    const entry = (symbol << 4) | bits;
    for (let i = reversed; i < size; i += 1 << bits) table[i] = entry;
  }
  return { table, maxBits };
}

let fixedTables: { lengths: CodeTable; distances: CodeTable } | undefined;

function fixedCodes(): { lengths: CodeTable; distances: CodeTable } {
  if (fixedTables === undefined) {
    const lengths = new Uint8Array(288);
    lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    // The fixed distance code has 30 usable of 32 five-bit codes: complete as a set.
    fixedTables = {
      lengths: buildTable(lengths, 'lengths'),
      distances: buildTable(new Uint8Array(32).fill(5), 'distances'),
    };
  }
  return fixedTables;
}

/**
 * Inflates the zlib stream `data` into at most `maxLength` bytes (see the module comment): the
 * bytes it holds, fewer when it is cut short; a RangeError when it holds more; an Error when damaged.
 */
export function inflateBounded(data: Uint8Array, maxLength: number): Uint8Array {
  const out = new Uint8Array(maxLength);
  if (data.length < 2) return out.subarray(0, 0);
  const cmf = data[0];
  const flg = data[1];
  if ((cmf * 256 + flg) % 31 !== 0) throw new InflateError('incorrect header check');
  if ((cmf & 15) !== 8) throw new InflateError('unknown compression method');
  if (cmf >> 4 > 7) throw new InflateError('invalid window size');
  if (flg & 32) {
    // A preset dictionary, which PNG allows none of; zlib asks for it once its 4-byte id is read.
    if (data.length < 6) return out.subarray(0, 0);
    throw new InflateError('Missing dictionary');
  }
  const s = new Inflater(data, out);
  s.pos = 2;
  for (let final = 0; final === 0; ) {
    final = s.bits(1);
    const type = s.bits(2);
    if (s.ended) return s.result();
    if (type === 0) {
      if (!s.stored()) return s.result();
    } else if (type === 1) {
      const fixed = fixedCodes();
      if (!s.codes(fixed.lengths, fixed.distances)) return s.result();
    } else if (type === 2) {
      const header = s.dynamicHeader();
      if (header === undefined || !s.codes(header.lengths, header.distances)) return s.result();
    } else {
      throw new InflateError('invalid block type');
    }
  }
  // The Adler-32 of the output, big-endian, after the last block (at a byte boundary).
  const pos = s.pos - (s.bitCount >> 3);
  if (pos + 4 > data.length) return s.result();
  const expected = ((data[pos] << 24) | (data[pos + 1] << 16) | (data[pos + 2] << 8) | data[pos + 3]) >>> 0;
  if (adler32(out, s.at) !== expected) throw new InflateError('incorrect data check');
  return s.result();
}

/** The error of a stream longer than maxLength: a RangeError coded as node:zlib's (`Inflate`'s contract). */
function tooLong(maxLength: number): RangeError {
  return Object.assign(new RangeError(`the stream inflates to more than ${maxLength} bytes`), {
    code: 'ERR_BUFFER_TOO_LARGE',
  });
}

/** The state of one inflate: input position and bit buffer (LSB first), output position. */
class Inflater {
  pos = 0;
  bitBuffer = 0;
  bitCount = 0;
  at = 0;
  /** A read needed more input than there is: the stream is cut short. */
  ended = false;

  constructor(
    readonly data: Uint8Array,
    readonly out: Uint8Array,
  ) {}

  result(): Uint8Array {
    return this.out.subarray(0, this.at);
  }

  /** The next `count` bits (0 and `ended` when the input has fewer). */
  bits(count: number): number {
    const { data } = this;
    while (this.bitCount < count && this.pos < data.length) {
      this.bitBuffer |= data[this.pos++] << this.bitCount;
      this.bitCount += 8;
    }
    if (this.bitCount < count) {
      this.ended = true;
      return 0;
    }
    const value = this.bitBuffer & ((1 << count) - 1);
    this.bitBuffer >>>= count;
    this.bitCount -= count;
    return value;
  }

  /** The next symbol of `code`; -1 (and `ended`) when the input ends inside it. */
  symbol(code: CodeTable): number {
    const { data } = this;
    while (this.bitCount < code.maxBits && this.pos < data.length) {
      this.bitBuffer |= data[this.pos++] << this.bitCount;
      this.bitCount += 8;
    }
    const entry = code.table[this.bitBuffer & ((1 << code.maxBits) - 1)];
    const length = entry & 15;
    if (length === 0 || length > this.bitCount) {
      // Missing bits read as zeros: with fewer than maxBits left, the code may just be cut off.
      if (this.bitCount < code.maxBits) {
        this.ended = true;
        return -1;
      }
      throw new InflateError('invalid code lengths set');
    }
    this.bitBuffer >>>= length;
    this.bitCount -= length;
    return entry >> 4;
  }

  /** A stored block: to a byte boundary, LEN and its complement, LEN raw bytes. False when cut short. */
  stored(): boolean {
    const { data, out } = this;
    this.pos -= this.bitCount >> 3;
    this.bitBuffer = 0;
    this.bitCount = 0;
    const pos = this.pos;
    if (pos + 4 > data.length) return false;
    const length = data[pos] | (data[pos + 1] << 8);
    if ((length ^ (data[pos + 2] | (data[pos + 3] << 8))) !== 0xffff)
      throw new InflateError('invalid stored block lengths');
    const available = Math.min(length, data.length - pos - 4);
    if (this.at + available > out.length) throw tooLong(out.length);
    out.set(data.subarray(pos + 4, pos + 4 + available), this.at);
    this.at += available;
    this.pos = pos + 4 + available;
    return available === length;
  }

  /**
   * The symbols of a Huffman-coded block up to its end-of-block code; false when the input ends
   * first. The hot loop: state in locals, the bit buffer refilled a byte at a time.
   */
  codes(lengths: CodeTable, distances: CodeTable): boolean {
    const { data, out } = this;
    const n = data.length;
    const max = out.length;
    const lTable = lengths.table;
    const lBits = lengths.maxBits;
    const lMask = (1 << lBits) - 1;
    const dTable = distances.table;
    const dBits = distances.maxBits;
    const dMask = (1 << dBits) - 1;
    let pos = this.pos;
    let buffer = this.bitBuffer;
    let count = this.bitCount;
    let at = this.at;
    // Where each symbol starts, to hand a cut-off symbol back whole.
    let symbolPos = pos;
    let symbolBuffer = buffer;
    let symbolCount = count;
    let done = false;
    for (;;) {
      symbolPos = pos;
      symbolBuffer = buffer;
      symbolCount = count;
      while (count < lBits && pos < n) {
        buffer |= data[pos++] << count;
        count += 8;
      }
      let entry = lTable[buffer & lMask];
      let length = entry & 15;
      if (length === 0 || length > count) {
        if (count < lBits) break;
        throw new InflateError('invalid literal/length code');
      }
      buffer >>>= length;
      count -= length;
      const symbol = entry >> 4;
      if (symbol < 256) {
        if (at >= max) throw tooLong(max);
        out[at++] = symbol;
        continue;
      }
      if (symbol === 256) {
        done = true;
        break;
      }
      const l = symbol - 257;
      if (l >= 29) throw new InflateError('invalid literal/length code');
      let extra = LENGTH_EXTRA[l];
      while (count < extra && pos < n) {
        buffer |= data[pos++] << count;
        count += 8;
      }
      if (count < extra) break;
      const runLength = LENGTH_BASE[l] + (buffer & ((1 << extra) - 1));
      buffer >>>= extra;
      count -= extra;
      while (count < dBits && pos < n) {
        buffer |= data[pos++] << count;
        count += 8;
      }
      entry = dTable[buffer & dMask];
      length = entry & 15;
      if (length === 0 || length > count) {
        if (count < dBits) break;
        throw new InflateError('invalid distance code');
      }
      buffer >>>= length;
      count -= length;
      const d = entry >> 4;
      if (d >= 30) throw new InflateError('invalid distance code');
      extra = DISTANCE_EXTRA[d];
      while (count < extra && pos < n) {
        buffer |= data[pos++] << count;
        count += 8;
      }
      if (count < extra) break;
      const distance = DISTANCE_BASE[d] + (buffer & ((1 << extra) - 1));
      buffer >>>= extra;
      count -= extra;
      if (distance > at) throw new InflateError('invalid distance too far back');
      if (at + runLength > max) throw tooLong(max);
      if (distance === 1 && runLength > 16) {
        // A run of one byte value (label maps are mostly these): one fill.
        out.fill(out[at - 1], at, at + runLength);
        at += runLength;
      } else {
        // Byte by byte: the source may overlap what is being written (a run of `distance` bytes).
        for (let from = at - distance, end = at + runLength; at < end; ) out[at++] = out[from++];
      }
    }
    if (done) {
      this.pos = pos;
      this.bitBuffer = buffer;
      this.bitCount = count;
    } else {
      this.pos = symbolPos;
      this.bitBuffer = symbolBuffer;
      this.bitCount = symbolCount;
      this.ended = true;
    }
    this.at = at;
    return done;
  }

  /** The code tables of a dynamic block (RFC 1951, 3.2.7); undefined when the input ends inside it. */
  dynamicHeader(): { lengths: CodeTable; distances: CodeTable } | undefined {
    const literalCount = this.bits(5) + 257;
    const distanceCount = this.bits(5) + 1;
    const codeLengthCount = this.bits(4) + 4;
    if (this.ended) return undefined;
    if (literalCount > 286 || distanceCount > 30) throw new InflateError('too many length or distance symbols');
    const codeLengths = new Uint8Array(19);
    for (let i = 0; i < codeLengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]] = this.bits(3);
    if (this.ended) return undefined;
    const codeCode = buildTable(codeLengths, 'codes');
    const all = new Uint8Array(literalCount + distanceCount);
    for (let i = 0; i < all.length; ) {
      const symbol = this.symbol(codeCode);
      if (symbol < 0) return undefined;
      if (symbol < 16) {
        all[i++] = symbol;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (symbol === 16) {
        if (i === 0) throw new InflateError('invalid bit length repeat');
        value = all[i - 1];
        repeat = 3 + this.bits(2);
      } else if (symbol === 17) {
        repeat = 3 + this.bits(3);
      } else {
        repeat = 11 + this.bits(7);
      }
      if (this.ended) return undefined;
      if (i + repeat > all.length) throw new InflateError('invalid bit length repeat');
      all.fill(value, i, i + repeat);
      i += repeat;
    }
    if (all[256] === 0) throw new InflateError('invalid code -- missing end-of-block');
    return {
      lengths: buildTable(all.subarray(0, literalCount), 'lengths'),
      distances: buildTable(all.subarray(literalCount), 'distances'),
    };
  }
}

/** Adler-32 of `bytes[0, length)` (RFC 1950, 9), sums reduced every 5552 bytes as zlib does. */
function adler32(bytes: Uint8Array, length: number): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < length; ) {
    const end = Math.min(length, i + 5552);
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
