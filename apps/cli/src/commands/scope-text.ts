import type { ScopeReport } from '@segkit/scope';
import { textTable } from '../table.js';

/** The readable report: what was measured, the rule, a table per class, and each verdict's reason. */
export function scopeText(report: ScopeReport, seconds: number, html?: string): string {
  const { dataset, settings } = report;
  const { rules } = settings;
  const lines = [
    `scope: ${dataset.regions} regions measured in ${dataset.images} images (${dataset.from}, ${dataset.semantic ? 'connected regions of each class' : 'each instance'}), ${seconds.toFixed(1)} s`,
    `  left out: ${dataset.skipped} regions under ${settings.minArea} px, ${dataset.crowdSkipped} crowd annotations`,
    `  polygon: the best ${settings.vertices}-vertex polygon per region (parts and holes share the budget), rasterized as COCO does`,
    `  a shape captures a region when boundary F ≥ ${rules.boundaryF} at ${settings.tolerance} px and IoU ≥ ${rules.relativeIou} × pixel IoU`,
    `  (pixel IoU: the region's own outline without its pixel staircase, Douglas–Peucker at 0.75 px); verdict: the simplest shape capturing ≥ ${(100 * rules.share).toFixed(0)}% of a class's regions`,
    '',
  ];
  const headers = [
    'id',
    'name',
    'regions',
    'verdict',
    'box',
    'polygon',
    'iou med',
    'iou p10',
    'bF med',
    'bF p10',
    'box iou',
    `v@${settings.targetIou}`,
    'pixel iou',
    'complexity',
    'base iou',
    'base bF p10',
  ];
  const percent = (x: number | null) => (x === null ? null : `${(100 * x).toFixed(0)}%`);
  const rows = report.perClass.map((c) => [
    c.id,
    c.name,
    c.instances,
    c.verdict,
    percent(c.boxShare),
    percent(c.polygonShare),
    c.iou.median,
    c.iou.p10,
    c.boundaryF.median,
    c.boundaryF.p10,
    c.boxIou.median,
    c.verticesForTarget.median,
    c.pixelIou.median,
    c.complexity.median,
    c.baselineIou.median,
    c.baselineBoundaryF.p10,
  ]);
  lines.push(textTable(headers, rows, 3), '');
  lines.push(
    '(box / polygon: share of regions each captures; base: the baseline, largest outer ring by Douglas–Peucker)',
  );
  for (const c of report.perClass) lines.push(`  ${c.name}: ${c.verdict} — ${c.reason}`);
  if (html) lines.push('', `examples drawn -> ${html}`);
  return lines.join('\n');
}
