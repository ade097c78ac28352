/**
 * The classes an average hides. "A 92% mIoU averaged across 20 classes can hide a 35% IoU on the
 * one rare class your downstream model depends on": every report names these first.
 *
 * Only classes that are there count. A class absent from both ground truth and prediction has no
 * score a reader can act on (panopticapi writes 0.0 for it, cityscapesScripts NaN): it is never
 * alerted and never averaged into the mean an alert compares with; reports list it once, at the end.
 * Rarity alone is a note, not a problem: a rare class is alerted only when it also scores low.
 *
 *   IoU:  road 0.98 (60%)  car 0.95 (30%)  bicycle 0.35 (0.5%)  train absent
 *   → mean of the three present = 0.76; bicycle: below-threshold, far-below-mean, rare-and-low
 */

export interface ClassScore {
  id: number;
  name: string;
  /** IoU, AP or PQ; null when undefined for this class. */
  score: number | null;
  /** The class's share of labelled pixels (semantic) or of instances (instance, panoptic). */
  share: number;
  /** Neither the ground truth nor the prediction has this class. */
  absent?: boolean;
}

export type AlertKind = 'below-threshold' | 'far-below-mean' | 'rare-and-low';

export interface Alert {
  id: number;
  name: string;
  kinds: AlertKind[];
  score: number | null;
  share: number;
  message: string;
}

export interface AlertOptions {
  /** A score below this is flagged (default 0.5). */
  threshold?: number;
  /** A score below this fraction of the mean is flagged (default 0.75: 25% under the mean). */
  belowMeanRatio?: number;
  /** A class under this share of the labels is rare (default 0.01). */
  rareShare?: number;
  /** What the score is called in messages (IoU, AP, PQ). */
  metric?: string;
  /** What `share` counts (pixels, instances). */
  unit?: string;
}

/** What a report says about its classes beyond their scores. */
export interface ClassReview {
  /** The real problems, worst score first (ties in the given order). */
  alerts: Alert[];
  /** Ids of present classes under the rare share: a note beside the class, whatever its score. */
  rare: number[];
  /** The classes absent from both sides, in the given order. */
  absent: ClassScore[];
  /** Mean score over the present classes with a score; null when there are none. */
  mean: number | null;
}

/** Sorts the classes into alerts (worst first), rare notes and absent classes. */
export function reviewClasses(scores: readonly ClassScore[], options: AlertOptions = {}): ClassReview {
  const threshold = options.threshold ?? 0.5;
  const ratio = options.belowMeanRatio ?? 0.75;
  const rareShare = options.rareShare ?? 0.01;
  const metric = options.metric ?? 'score';
  const unit = options.unit ?? 'labels';
  const present = scores.filter((s) => s.absent !== true);
  let sum = 0;
  let defined = 0;
  for (const s of present) {
    if (s.score === null) continue;
    sum += s.score;
    defined++;
  }
  const mean = defined > 0 ? sum / defined : null;
  const alerts: Alert[] = [];
  const rare: number[] = [];
  for (const s of present) {
    const isRare = s.share > 0 && s.share < rareShare;
    if (isRare) rare.push(s.id);
    if (s.score === null) continue;
    const kinds: AlertKind[] = [];
    if (s.score < threshold) kinds.push('below-threshold');
    if (mean !== null && s.score < ratio * mean) kinds.push('far-below-mean');
    if (kinds.length === 0) continue;
    if (isRare) kinds.push('rare-and-low');
    const why = [
      kinds.includes('below-threshold') ? `below ${threshold}` : '',
      kinds.includes('far-below-mean') ? 'far below the mean' : '',
      isRare ? 'rare' : '',
    ].filter(Boolean);
    const parts = [`${metric} ${s.score.toFixed(4)}`];
    if (mean !== null) parts.push(`mean ${mean.toFixed(4)}`);
    parts.push(`${(100 * s.share).toFixed(2)}% of ${unit}`);
    alerts.push({
      id: s.id,
      name: s.name,
      kinds,
      score: s.score,
      share: s.share,
      message: `class ${s.id} ${s.name}: ${why.join(', ')} (${parts.join(', ')})`,
    });
  }
  // Array.prototype.sort is stable: equal scores stay in class order.
  alerts.sort((a, b) => (a.score as number) - (b.score as number));
  return { alerts, rare, absent: scores.filter((s) => s.absent === true), mean };
}

/** The alerts of `reviewClasses`: low and far-below-mean classes, worst first; absent classes never. */
export function findAlerts(scores: readonly ClassScore[], options: AlertOptions = {}): Alert[] {
  return reviewClasses(scores, options).alerts;
}
