import { describe, expect, it } from 'vitest';
import { ConfusionMatrix, type LabelArray } from '../../src/semantic/confusion-matrix.js';
import { labels, mulberry32 } from './fixtures.js';

/** From scratch: one increment per counted pixel, as numpy's bincount. */
function naiveCounts(gt: LabelArray, pred: LabelArray, n: number, ignore: number | null): Float64Array {
  const counts = new Float64Array(n * n);
  for (let i = 0; i < gt.length; i++) if (gt[i] !== ignore) counts[gt[i] * n + pred[i]]++;
  return counts;
}

/** Label maps with runs (as real ones) and some noise; `ignoreShare` of the runs are 255. */
function randomMaps(random: () => number, length: number, n: number, noise: number): [Uint8Array, Uint8Array] {
  const gt = new Uint8Array(length);
  const pred = new Uint8Array(length);
  let i = 0;
  while (i < length) {
    const run = 1 + Math.floor(random() * 64);
    const c = Math.floor(random() * n);
    const g = random() < 0.1 ? 255 : c;
    for (let k = 0; k < run && i < length; k++, i++) {
      gt[i] = g;
      pred[i] = random() < noise ? Math.floor(random() * n) : c;
    }
  }
  return [gt, pred];
}

// Both paths of `add`: the 256×256 byte table (≥ 65536 pixels of two Uint8Arrays) and the
// bounds-checked loop (anything else); each test runs on both.
const paths: { name: string; pad: (a: Uint8Array) => LabelArray; padIgnored: number }[] = [
  { name: 'checked loop', pad: (a) => a, padIgnored: 0 },
  {
    name: 'byte table',
    // Prefix 70000 ignored pixels so the same map goes through the table path.
    pad: (a) => {
      const big = new Uint8Array(70000 + a.length).fill(255);
      big.set(a, 70000);
      return big;
    },
    padIgnored: 70000,
  },
];

describe('ConfusionMatrix', () => {
  for (const { name, pad, padIgnored } of paths) {
    it(`add(gt, pred) counts rows = ground truth, columns = prediction, skipping ignored pixels (${name})`, () => {
      const gt = labels(`
        0 0 1
        1 2 2
        x 2 1`);
      const pred = labels(`
        0 1 1
        1 2 0
        2 2 1`);
      const matrix = new ConfusionMatrix(3).add(pad(gt), pad(pred));
      expect(matrix.toRows()).toEqual([
        [1, 1, 0],
        [0, 3, 0],
        [1, 0, 2],
      ]);
      expect(matrix.total()).toBe(8);
    });

    it(`add(gt, pred) throws for a prediction outside the classes, naming value and pixel, and changes nothing (${name})`, () => {
      const matrix = new ConfusionMatrix(3).add(labels('0 1 2'), labels('0 1 2'));
      const before = matrix.toRows();
      const gt = labels('0 1 2 2 x');
      expect(() => matrix.add(pad(gt), pad(labels('0 1 2 3 7')))).toThrow(
        `predicted value 3 at pixel ${padIgnored + 3} is not a class in [0, 3)`,
      );
      expect(matrix.toRows()).toEqual(before);
    });

    it(`add(gt, pred) throws for a ground-truth value that is neither a class nor ignored (${name})`, () => {
      const matrix = new ConfusionMatrix(3);
      expect(() => matrix.add(pad(labels('0 1 9 2')), pad(labels('0 1 2 2')))).toThrow(
        `ground truth value 9 at pixel ${padIgnored + 2} is not a class in [0, 3) or the ignore index 255`,
      );
      expect(matrix.total()).toBe(0);
    });
  }

  it('add(gt, pred) ignores nothing when ignoreIndex is null, so 255 is then an error', () => {
    const matrix = new ConfusionMatrix(2, null).add(labels('0 1 1'), labels('1 1 0'));
    expect(matrix.toRows()).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(() => matrix.add(labels('x'), labels('0'))).toThrow(
      'ground truth value 255 at pixel 0 is not a class in [0, 2)',
    );
  });

  it('add(gt, pred) takes Uint16Array maps with more than 256 classes', () => {
    const gt = Uint16Array.from([299, 299, 0, 1000]);
    const pred = Uint16Array.from([299, 5, 0, 7]);
    const matrix = new ConfusionMatrix(300, 1000).add(gt, pred);
    expect(matrix.counts[299 * 300 + 299]).toBe(1);
    expect(matrix.counts[299 * 300 + 5]).toBe(1);
    expect(matrix.counts[0]).toBe(1);
    expect(matrix.total()).toBe(3);
  });

  it('add(gt, pred) throws when the maps differ in length', () => {
    expect(() => new ConfusionMatrix(3).add(labels('0 1'), labels('0'))).toThrow(
      'ground truth has 2 pixels, prediction 1',
    );
  });

  it('constructor rejects a class count outside [1, 4096]', () => {
    expect(() => new ConfusionMatrix(0)).toThrow('numClasses must be an integer in [1, 4096], got 0');
    expect(() => new ConfusionMatrix(2.5)).toThrow('got 2.5');
  });

  it('merge(other) adds the counts and rejects a matrix of another shape', () => {
    const a = new ConfusionMatrix(2).add(labels('0 1'), labels('0 0'));
    const b = new ConfusionMatrix(2).add(labels('1 1'), labels('1 1'));
    expect(a.merge(b).toRows()).toEqual([
      [1, 0],
      [1, 2],
    ]);
    expect(() => a.merge(new ConfusionMatrix(3))).toThrow('cannot merge a matrix of 3 classes (ignore 255)');
    expect(() => a.merge(new ConfusionMatrix(2, null))).toThrow('(ignore null)');
  });

  it('fromCounts(n, counts) copies the counts and rejects a wrong length or a negative count', () => {
    const matrix = ConfusionMatrix.fromCounts(2, [1, 2, 3, 4]);
    expect(matrix.toRows()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => ConfusionMatrix.fromCounts(2, [1, 2, 3])).toThrow('3 counts for 2 classes, expected 4');
    expect(() => ConfusionMatrix.fromCounts(1, [-1])).toThrow('counts[0] is -1');
  });

  for (let seed = 1; seed <= 24; seed++) {
    it(`add over two halves then merge equals one pass and the from-scratch counts (seed ${seed})`, () => {
      const random = mulberry32(seed);
      const n = 1 + Math.floor(random() * (seed % 3 === 0 ? 255 : 20));
      // Even seeds are large enough for the byte table, odd ones take the checked loop.
      const length = seed % 2 === 0 ? 65536 + Math.floor(random() * 300000) : Math.floor(random() * 5000);
      const [gt, pred] = randomMaps(random, length, n, seed % 4 === 0 ? 0.5 : 0.03);
      const cut = Math.floor(random() * (length + 1));

      // A copy of pred that starts (seed mod 4) bytes into its buffer: gt and pred then differ in
      // 4-byte alignment unless seed mod 4 = 0.
      const shift = seed % 4;
      const predShifted = new Uint8Array(length + 3).subarray(shift, shift + length);
      predShifted.set(pred);
      const whole = new ConfusionMatrix(n).add(gt, predShifted);
      // subarray keeps the shared buffer, so the halves start at arbitrary byte offsets.
      const first = new ConfusionMatrix(n).add(gt.subarray(0, cut), pred.subarray(0, cut));
      const second = new ConfusionMatrix(n).add(gt.subarray(cut), pred.subarray(cut));
      const reference = naiveCounts(gt, pred, n, 255);

      expect(Array.from(whole.counts)).toEqual(Array.from(reference));
      expect(Array.from(first.merge(second).counts)).toEqual(Array.from(reference));
    });
  }
});
