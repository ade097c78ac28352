import { MIN_VERDICT_REGIONS, type ScopeJobReport } from '@segkit/jobs';
import { textTable } from '../table.js';

/**
 * The readable report: what was measured, the rule, a table of the classes with regions, each
 * verdict's reason with its sample-size caveat, and the classes without a region named once.
 */
export function scopeText(report: ScopeJobReport, seconds: number, html?: string): string {
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
  const measured = report.perClass.filter((c) => c.instances > 0);
  const empty = report.perClass.filter((c) => c.instances === 0);
  const rows = measured.map((c) => [
    c.id,
    c.name,
    c.instances,
    c.caveat === null ? c.verdict : `${c.verdict}*`,
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
  if (measured.some((c) => c.caveat !== null))
    lines.push(`(*: verdict from fewer than ${MIN_VERDICT_REGIONS} regions)`);
  for (const c of measured) {
    lines.push(`  ${c.name}: ${c.verdict}${c.caveat === null ? '' : ` (${c.caveat})`} — ${c.reason}`);
  }
  if (empty.length > 0) {
    lines.push(
      '',
      `no region measured (no verdict): ${empty.map((c) => (c.skipped > 0 ? `${c.name} (${c.skipped} small)` : c.name)).join(', ')}`,
    );
  }
  if (html) lines.push('', `examples drawn -> ${html}`);
  return lines.join('\n');
}
