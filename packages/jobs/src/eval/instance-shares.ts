import type { CocoEvalPlan, CocoEvalResult } from '@segkit/metrics';
import {
  accumulateCoco,
  type CocoEvalShare,
  type CocoImageRecords,
  cocoEvalShare,
  evaluateCocoShare,
  type PackedCocoEvalShare,
  packCocoEvalShare,
  unpackCocoEvalShare,
} from '@segkit/metrics/shares';
import { computeInShares, type ShareAnswer, shareError } from '../dispatch/shares.js';
import type { JobHooks } from '../hooks.js';
import { beforeItem, type ItemHooks, itemHooks } from './item-hooks.js';

/**
 * Evaluates one share of the images. A failure is reported at its (category, image) pair, `k · I + i`,
 * the order in which one whole evaluation meets the pairs, so the error reported is the same for
 * any split. COCOeval evaluates a share in one call, so the signal is checked before the share.
 */
export async function cocoShareRecords(
  share: CocoEvalShare | PackedCocoEvalShare,
  hooks?: ItemHooks,
): Promise<ShareAnswer<CocoImageRecords>> {
  beforeItem(hooks);
  const at = { cell: 0 };
  try {
    const unpacked = 'packedGts' in share ? unpackCocoEvalShare(share) : share;
    return { result: evaluateCocoShare(unpacked, at) };
  } catch (error) {
    return { error: shareError(at.cell, error) };
  }
}

/**
 * Images from which `eval instance` spreads over worker threads unless told otherwise: never, for
 * now. Packing, copying and unpacking a share's annotations costs about as much as evaluating them
 * (segm/bbox on a 2-vCPU machine: 2 threads 2-3x slower than 1 on the 2,000-image benchmark), so
 * threads are used only when asked for.
 */
export const INSTANCE_PARALLEL_FROM = Number.POSITIVE_INFINITY;

/**
 * COCOeval with the images in contiguous shares, each evaluated in a worker thread (or here, with
 * one share); the records are accumulated in image order, so the result is the same bits for any
 * thread count.
 */
export async function evaluateCocoInShares(
  plan: CocoEvalPlan,
  threads: number | undefined,
  hooks: JobHooks = {},
): Promise<CocoEvalResult> {
  const images = plan.params.imgIds.map((_, i) => i);
  const items = itemHooks(hooks, images.length);
  const records = await computeInShares(
    images,
    threads,
    INSTANCE_PARALLEL_FROM,
    // A share for a worker travels packed (flat arrays clone many times faster than annotation
    // objects); the whole set, evaluated on this thread, needs no copy.
    (share, offset) => {
      const unpacked = cocoEvalShare(plan, offset, offset + share.length);
      return share.length === images.length ? unpacked : packCocoEvalShare(unpacked);
    },
    (share: CocoEvalShare) => cocoShareRecords(share, items),
    new URL('../workers/coco-worker.js', import.meta.url),
  );
  items.finish();
  return accumulateCoco(plan, records);
}
