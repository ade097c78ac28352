import type { RegionMeasure } from '../measure/measure-region.js';
import type { Verdict, VerdictRules } from './types.js';

/** The rules segkit applies unless told otherwise. */
export const DEFAULT_RULES: VerdictRules = { boundaryF: 0.9, relativeIou: 0.9, share: 0.9 };

/*
 * Would a box, or a polygon of the budget, have captured a region? IoU alone misjudges small objects
 * (a 20-pixel nucleus loses IoU to pixelization whatever outline is drawn), so a shape captures a
 * region when both hold:
 *   - its boundary F-score at the tolerance reaches `boundaryF`: the outline is where it should be;
 *   - its IoU reaches `relativeIou` × the region's pixel IoU (the IoU of its own outline drawn within
 *     a pixel): it loses little area beyond what any faithful outline loses.
 * A class gets the simplest shape that captures at least `share` of its regions.
 */

export function polygonCaptures(m: RegionMeasure, rules: VerdictRules): boolean {
  return m.boundaryF >= rules.boundaryF && m.iou >= rules.relativeIou * m.pixelIou;
}

export function boxCaptures(m: RegionMeasure, rules: VerdictRules): boolean {
  return m.boxBoundaryF >= rules.boundaryF && m.boxIou >= rules.relativeIou * m.pixelIou;
}

/** The class verdict from its regions, with the reason in words (values beside thresholds). */
export function classVerdict(
  regions: readonly RegionMeasure[],
  rules: VerdictRules,
  settings: { vertices: number; tolerance: number },
): { verdict: Verdict; reason: string; polygonShare: number | null; boxShare: number | null } {
  const n = regions.length;
  if (n === 0) {
    return {
      verdict: 'segmentation',
      reason: 'no region measured: nothing shows that boxes or polygons would do',
      polygonShare: null,
      boxShare: null,
    };
  }
  let polygons = 0;
  let boxes = 0;
  for (const m of regions) {
    if (polygonCaptures(m, rules)) polygons++;
    if (boxCaptures(m, rules)) boxes++;
  }
  const polygonShare = polygons / n;
  const boxShare = boxes / n;
  const percent = (x: number) => `${(100 * x).toFixed(0)}%`;
  const rule = `boundary F ≥ ${rules.boundaryF} at ${settings.tolerance} px and IoU ≥ ${rules.relativeIou} × pixel IoU`;
  const counts = `box captures ${percent(boxShare)}, ${settings.vertices}-vertex polygon ${percent(polygonShare)} of ${n} regions (${rule}; verdict needs ≥ ${percent(rules.share)})`;
  if (boxShare >= rules.share) return { verdict: 'box', reason: counts, polygonShare, boxShare };
  if (polygonShare >= rules.share) return { verdict: 'polygon', reason: counts, polygonShare, boxShare };
  return { verdict: 'segmentation', reason: counts, polygonShare, boxShare };
}
