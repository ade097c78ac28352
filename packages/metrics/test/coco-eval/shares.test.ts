/**
 * evaluateCoco in steps (plan, shares of images, accumulate) gives the same bits as in one call,
 * whatever the split: the property `segkit eval instance --threads N` relies on.
 */
import { describe, expect, it } from 'vitest';
import { type CocoEvalResult, evaluateCoco, loadResultsForEval, planCocoEval } from '../../src/coco-eval/index.js';
import {
  accumulateCoco,
  cocoEvalShare,
  evaluateCocoShare,
  packCocoEvalShare,
  unpackCocoEvalShare,
} from '../../src/shares.js';
import { loadScenario } from './fixtures.js';

/** Evaluates the images in consecutive shares cut at `cuts` (fractions of the image count). */
function inShares(...[gt, dts, options, cuts]: [...Parameters<typeof evaluateCoco>, number[]]): CocoEvalResult {
  const plan = planCocoEval(gt, dts, options);
  const I = plan.params.imgIds.length;
  const bounds = [0, ...cuts.map((f) => Math.round(f * I)), I];
  const records = bounds.slice(0, -1).map((from, s) => {
    // Packed and through structured clone, as a worker thread receives a share and posts its records back.
    const share = unpackCocoEvalShare(structuredClone(packCocoEvalShare(cocoEvalShare(plan, from, bounds[s + 1]))));
    return structuredClone(evaluateCocoShare(share));
  });
  return accumulateCoco(plan, records);
}

/** Byte equality: the same doubles to the last bit (and far faster than a deep toEqual). */
const sameBits = (a: Float64Array, b: Float64Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const SPLITS: [number[]][] = [[[0.5]], [[0.2, 0.7]], [[0, 0.3, 0.3, 0.9, 1]]];
const CASES = [
  ['micro', 'segm'],
  ['micro', 'bbox'],
  ['micro', 'boundary'],
  ['s2', 'segm'],
  ['s2', 'bbox'],
  ['s3', 'segm'],
  ['s3', 'bbox'],
] as const;

describe.each(CASES)('evaluateCoco in shares of cocoeval_%s, iouType %s', (name, iouType) => {
  const { gt, results } = loadScenario(name);
  const dts = loadResultsForEval(results, gt);
  // evalImgs compared on micro only: deep equality of thousands of entries is slow.
  const options = { iouType, keepEvalImgs: name === 'micro' };
  const whole = evaluateCoco(gt, dts, options);
  it.each(SPLITS)('returns the same precision, recall, scores, stats and evalImgs when cut at %j', (cuts) => {
    const split = inShares(gt, dts, options, cuts);
    expect(sameBits(split.precision, whole.precision), 'precision').toBe(true);
    expect(sameBits(split.recall, whole.recall), 'recall').toBe(true);
    expect(sameBits(split.scores, whole.scores), 'scores').toBe(true);
    expect(split.stats).toEqual(whole.stats);
    expect(split.perClass).toEqual(whole.perClass);
    expect(split.evalImgs).toEqual(whole.evalImgs);
  });
});

describe('accumulateCoco', () => {
  it('refuses records that leave images out', () => {
    const { gt, results } = loadScenario('micro');
    const plan = planCocoEval(gt, loadResultsForEval(results, gt), { iouType: 'bbox' });
    const first = evaluateCocoShare(cocoEvalShare(plan, 0, 1));
    expect(() => accumulateCoco(plan, [first])).toThrow(/records cover images \[0, 1\) of/);
  });
});
