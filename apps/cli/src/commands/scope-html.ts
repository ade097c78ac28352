import { segmentationToRle, traceContours } from '@segkit/core';
import { escapeHtml } from '@segkit/jobs';
import { regionsOf, type ScopeDataset, type ScopedRegion, type ScopeReport } from '@segkit/scope';

/*
 * The scope page: per class, its verdict and numbers, and a few regions (the 10th-percentile, median
 * and best IoU) drawn as SVG: the region's exact pixel outline filled grey, its polygon in red with
 * its vertices. A reader sees at once why a class was called box, polygon or segmentation.
 */

export function scopeHtml(
  report: ScopeReport,
  dataset: ScopeDataset,
  regions: readonly ScopedRegion[],
  examplesPerClass: number,
): string {
  const byClass = new Map<number, ScopedRegion[]>();
  for (const r of regions) {
    let list = byClass.get(r.classId);
    if (list === undefined) {
      list = [];
      byClass.set(r.classId, list);
    }
    list.push(r);
  }
  const sections = report.perClass.map((c) => {
    const list = (byClass.get(c.id) ?? []).slice().sort((a, b) => a.measure.iou - b.measure.iou);
    const picks = pickExamples(list, examplesPerClass);
    const fmt = (x: number | null) => (x === null ? '–' : Number.isInteger(x) ? String(x) : x.toFixed(3));
    return `<section><h2>${escapeHtml(c.name)} <span class="verdict ${c.verdict}">${c.verdict}</span></h2>
<p>${escapeHtml(c.reason)}</p>
<table><tr><th>regions</th><th>IoU median / p10</th><th>boundary F median / p10</th><th>box IoU median</th><th>vertices for IoU ${report.settings.targetIou}</th><th>pixel IoU</th></tr>
<tr><td>${c.instances} (+${c.skipped} small)</td><td>${fmt(c.iou.median)} / ${fmt(c.iou.p10)}</td><td>${fmt(c.boundaryF.median)} / ${fmt(c.boundaryF.p10)}</td><td>${fmt(c.boxIou.median)}</td><td>${fmt(c.verticesForTarget.median)}</td><td>${fmt(c.pixelIou.median)}</td></tr></table>
<div class="examples">${picks.map((r) => exampleSvg(r, dataset, report.dataset.semantic)).join('\n')}</div></section>`;
  });
  const { settings } = report;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>segkit scope: ${escapeHtml(report.dataset.input)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}
.verdict{font-size:.7em;padding:.1em .5em;border-radius:.3em;color:#fff}.box{background:#2a7}.polygon{background:#27a}.segmentation{background:#a52}
.examples{display:flex;gap:1em;flex-wrap:wrap}figure{margin:0}figcaption{font-size:.8em;color:#555}
svg{background:#fff;border:1px solid #ddd}
</style></head><body>
<h1>Would polygons or boxes have been enough?</h1>
<p>${report.dataset.regions} regions of ${report.dataset.images} images (${escapeHtml(report.dataset.from)}). Polygon: the best ${settings.vertices}-vertex polygon of each region.
A shape captures a region when its boundary F-score at ${settings.tolerance} px reaches ${settings.rules.boundaryF} and its IoU reaches ${settings.rules.relativeIou} × the IoU of the region's own outline without its pixel staircase (Douglas–Peucker at 0.75 px);
each class gets the simplest shape that captures ${(100 * settings.rules.share).toFixed(0)}% of its regions. Grey: the region's pixels; red: its polygon.</p>
${sections.join('\n')}
</body></html>
`;
}

function pickExamples(sorted: readonly ScopedRegion[], count: number): ScopedRegion[] {
  if (sorted.length <= count) return [...sorted];
  const picks = new Set<number>();
  for (let i = 0; i < count; i++) {
    // Spread from the 10th percentile to the best.
    const q = count === 1 ? 0.5 : 0.1 + (0.9 * i) / (count - 1);
    picks.add(Math.round(q * (sorted.length - 1)));
  }
  return [...picks].map((i) => sorted[i]);
}

function exampleSvg(region: ScopedRegion, dataset: ScopeDataset, semantic: boolean): string {
  const annotation = dataset.annotations[region.annotation];
  const image = dataset.images.find((i) => i.id === annotation.image_id);
  if (image === undefined) return '';
  const contours = traceContours(segmentationToRle(annotation.segmentation, image.height, image.width));
  const shape = regionsOf(contours, semantic)[region.part];
  const m = region.measure;
  const [x, y, w, h] = m.bbox;
  const pad = Math.max(2, Math.round(0.05 * Math.max(w, h)));
  const scale = 220 / Math.max(w + 2 * pad, h + 2 * pad);
  const ringPath = (xy: ArrayLike<number>, from: number, to: number) => {
    let d = '';
    for (let i = from; i < to; i++) d += `${i === from ? 'M' : 'L'}${xy[2 * i]} ${xy[2 * i + 1]}`;
    return `${d}Z`;
  };
  let outline = '';
  for (const c of shape.components) {
    for (const r of [c.outer, ...c.holes])
      outline += ringPath(contours.xy, contours.ringStart[r], contours.ringStart[r + 1]);
  }
  const rings = m.polygon.flat();
  const polygon = rings.map((ring) => ringPath(ring, 0, ring.length / 2)).join('');
  const dots = rings
    .flatMap((ring) =>
      ring
        .filter((_, i) => i % 2 === 0)
        .map((vx, i) => `<circle cx="${vx}" cy="${ring[2 * i + 1]}" r="${1.5 / scale}"/>`),
    )
    .join('');
  const name = image.file_name ?? `image ${String(image.id)}`;
  return `<figure><svg width="${Math.round((w + 2 * pad) * scale)}" height="${Math.round((h + 2 * pad) * scale)}" viewBox="${x - pad} ${y - pad} ${w + 2 * pad} ${h + 2 * pad}">
<path d="${outline}" fill="#bbb" fill-rule="evenodd"/>
<path d="${polygon}" fill="none" stroke="#d22" stroke-width="${1.2 / scale}" fill-rule="evenodd"/><g fill="#d22">${dots}</g></svg>
<figcaption>${escapeHtml(name)}: IoU ${m.iou.toFixed(3)}, boundary F ${m.boundaryF.toFixed(3)}, ${m.verticesUsed} vertices, box IoU ${m.boxIou.toFixed(3)}</figcaption></figure>`;
}
