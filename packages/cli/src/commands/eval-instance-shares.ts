import {
  accumulateCoco,
  type CocoEvalPlan,
  type CocoEvalResult,
  type CocoEvalShare,
  type CocoImageRecords,
  cocoEvalShare,
  evaluateCocoShare,
} from '@segkit/metrics';
import { computeInShares, type ShareAnswer, shareError } from '../workers/shares.js';

/**
 * Evaluates one share of the images. A failure is reported at its (category, image) pair, `k · I + i`,
 * the order in which one whole evaluation meets the pairs, so the error reported is the same for
 * any split.
 */
export async function cocoShareRecords(share: CocoEvalShare): Promise<ShareAnswer<CocoImageRecords>> {
  const at = { cell: 0 };
  try {
    return { result: evaluateCocoShare(share, at) };
  } catch (error) {
    return { error: shareError(at.cell, error) };
  }
}

/** Images from which `eval instance` spreads over worker threads unless told otherwise. */
const PARALLEL_FROM = 1000;

/**
 * COCOeval with the images in contiguous shares, each evaluated in a worker thread (or here, with
 * one share); the records are accumulated in image order, so the result is the same bits for any
 * thread count.
 */
export async function evaluateCocoInShares(plan: CocoEvalPlan, threads?: number): Promise<CocoEvalResult> {
  const images = plan.params.imgIds.map((_, i) => i);
  const records = await computeInShares(
    images,
    threads,
    PARALLEL_FROM,
    (share, offset) => cocoEvalShare(plan, offset, offset + share.length),
    cocoShareRecords,
    new URL('../workers/coco-worker.js', import.meta.url),
  );
  return accumulateCoco(plan, records);
}
