/**
 * maskApi.c's rleToString / rleFrString ported literally, with BigInt standing in for C's 64-bit
 * `long`, as an independent check of the fast string codec (which avoids BigInt).
 */

/** maskApi.c rleToString, literally, with BigInt for C's `long`. */
export function toStringReference(counts: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < counts.length; i++) {
    let x = BigInt(counts[i]);
    if (i > 2) x -= BigInt(counts[i - 2]);
    let more = true;
    while (more) {
      let c = x & 0x1fn;
      x >>= 5n; // BigInt >> is an arithmetic shift, as C's on a signed long
      more = (c & 0x10n) !== 0n ? x !== -1n : x !== 0n;
      if (more) c |= 0x20n;
      s += String.fromCharCode(Number(c) + 48);
    }
  }
  return s;
}

/** maskApi.c rleFrString, literally (for well-formed strings; it never validates). */
export function fromStringReference(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0n;
    let k = 0n;
    let more = true;
    while (more) {
      const c = BigInt(s.charCodeAt(p) - 48);
      x |= (c & 0x1fn) << (5n * k);
      more = (c & 0x20n) !== 0n;
      p++;
      k++;
      if (!more && (c & 0x10n) !== 0n) x |= -1n << (5n * k);
    }
    if (counts.length > 2) x += BigInt(counts[counts.length - 2]);
    counts.push(Number(BigInt.asUintN(32, x))); // cnts[m++] = (uint) x
  }
  return counts;
}
