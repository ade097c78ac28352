/**
 * The classes an average hides. "A 92% mIoU averaged across 20 classes can hide a 35% IoU on the
 * one rare class your downstream model depends on": every report names these first.
 */

export interface ClassScore {
  id: number;
  name: string;
  /** IoU, AP or PQ; null when undefined for this class. */
  score: number | null;
  /** The class's share of labelled pixels (semantic) or of instances (instance, panoptic). */
  share: number;
}

export type AlertKind = 'below-threshold' | 'far-below-mean' | 'rare';

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

/** Flags low, far-below-mean and rare classes; worst score first. */
export function findAlerts(scores: readonly ClassScore[], options: AlertOptions = {}): Alert[] {
  const threshold = options.threshold ?? 0.5;
  const ratio = options.belowMeanRatio ?? 0.75;
  const rare = options.rareShare ?? 0.01;
  const metric = options.metric ?? 'score';
  const unit = options.unit ?? 'labels';
  const defined = scores.filter((s) => s.score !== null) as (ClassScore & { score: number })[];
  const mean = defined.length > 0 ? defined.reduce((sum, s) => sum + s.score, 0) / defined.length : null;
  const alerts: Alert[] = [];
  for (const s of scores) {
    const kinds: AlertKind[] = [];
    if (s.score !== null && s.score < threshold) kinds.push('below-threshold');
    if (s.score !== null && mean !== null && s.score < ratio * mean) kinds.push('far-below-mean');
    if (s.share > 0 && s.share < rare) kinds.push('rare');
    if (kinds.length === 0) continue;
    const score = s.score === null ? 'undefined' : s.score.toFixed(4);
    const parts = [`${metric} ${score}`];
    if (mean !== null) parts.push(`mean ${mean.toFixed(4)}`);
    parts.push(`${(100 * s.share).toFixed(2)}% of ${unit}`);
    const why = [
      kinds.includes('below-threshold') ? `below ${threshold}` : '',
      kinds.includes('far-below-mean') ? 'far below the mean' : '',
      kinds.includes('rare') ? 'rare' : '',
    ].filter(Boolean);
    alerts.push({
      id: s.id,
      name: s.name,
      kinds,
      score: s.score,
      share: s.share,
      message: `class ${s.id} ${s.name}: ${why.join(', ')} (${parts.join(', ')})`,
    });
  }
  return alerts.sort((a, b) => (a.score ?? -1) - (b.score ?? -1));
}
