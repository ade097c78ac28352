import { type Limits, segmentationToRle, traceContours } from '@segkit/core';
import { regionsOf, type ScopeDataset, type ScopedRegion } from '@segkit/scope';
import { escapeHtml } from '../report-html/index.js';
import { type Backdrop, BackdropCache, cropToPng, type ImageSource } from './backdrop.js';
import type { ScopedClass, ScopeJobReport } from './job.js';

/*
 * The scope page. It opens with one table: every class with regions, its verdict and the caveat
 * when the verdict rests on fewer than 10 regions; classes without a measured region are named once
 * below it. Then, per class with regions, its numbers and a few regions (the 10th-percentile, median
 * and best IoU) drawn as SVG: the region's exact pixel outline filled grey, its polygon in red with
 * its vertices, over the photo when an image source is given. A reader sees at once why a class was
 * called box, polygon or segmentation.
 */

export interface ScopePageOptions {
  /** Example regions drawn per class. */
  examples: number;
  /** Where the photos are: examples are drawn over their image's window (PNG only). */
  images?: ImageSource;
  /** A photo over `maxPixels` (from its PNG header) is left out of the page, and noted, before it is decoded. */
  limits?: Partial<Limits>;
}

/** Largest side of a drawn example, in CSS pixels. */
const DRAWN = 220;

const fmt = (x: number | null) => (x === null ? '–' : Number.isInteger(x) ? String(x) : x.toFixed(3));
const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(0)}%`);

export async function scopeHtml(
  report: ScopeJobReport,
  dataset: ScopeDataset,
  regions: readonly ScopedRegion[],
  options: ScopePageOptions,
): Promise<string> {
  const byClass = new Map<number, ScopedRegion[]>();
  for (const r of regions) {
    const list = byClass.get(r.classId);
    if (list === undefined) byClass.set(r.classId, [r]);
    else list.push(r);
  }
  const imagesById = new Map(dataset.images.map((i) => [i.id, i]));
  const cache = options.images === undefined ? undefined : new BackdropCache(options.images, options.limits);
  const measured = report.perClass.filter((c) => c.instances > 0);
  const empty = report.perClass.filter((c) => c.instances === 0);
  const sections: string[] = [];
  for (const c of measured) {
    const list = (byClass.get(c.id) ?? []).slice().sort((a, b) => a.measure.iou - b.measure.iou);
    const figures: string[] = [];
    for (const r of pickExamples(list, options.examples)) {
      figures.push(await exampleSvg(r, dataset, imagesById, report.dataset.semantic, cache));
    }
    sections.push(`<section id="class-${c.id}"><h2>${escapeHtml(c.name)} ${verdictBadge(c)}</h2>
<p>${escapeHtml(c.reason)}</p>${caveatLine(c)}
<table><tr><th>regions</th><th>IoU median / p10</th><th>boundary F median / p10</th><th>box IoU median</th><th>vertices for IoU ${report.settings.targetIou}</th><th>pixel IoU</th></tr>
<tr><td>${c.instances} (+${c.skipped} small)</td><td>${fmt(c.iou.median)} / ${fmt(c.iou.p10)}</td><td>${fmt(c.boundaryF.median)} / ${fmt(c.boundaryF.p10)}</td><td>${fmt(c.boxIou.median)}</td><td>${fmt(c.verticesForTarget.median)}</td><td>${fmt(c.pixelIou.median)}</td></tr></table>
<div class="examples">${figures.join('\n')}</div></section>`);
  }
  const { settings } = report;
  const summary = `<table class="summary"><tr><th>class</th><th>regions</th><th>verdict</th><th>box captures</th><th>polygon captures</th><th>caveat</th></tr>
${measured
  .map(
    (c) =>
      `<tr><td class="name"><a href="#class-${c.id}">${escapeHtml(c.name)}</a></td><td>${c.instances}</td><td>${verdictBadge(c)}</td><td>${pct(c.boxShare)}</td><td>${pct(c.polygonShare)}</td><td class="caveat">${c.caveat === null ? '' : escapeHtml(c.caveat)}</td></tr>`,
  )
  .join('\n')}
</table>`;
  const emptyLine =
    empty.length === 0
      ? ''
      : `<p class="empty">No region measured (no verdict): ${empty.map((c) => `${escapeHtml(c.name)}${c.skipped > 0 ? ` (${c.skipped} small)` : ''}`).join(', ')}.</p>`;
  const notes =
    cache === undefined || cache.notes.size === 0
      ? ''
      : `<p class="notes">Images not drawn: ${[...cache.notes.entries()]
          .map(
            ([reason, files]) =>
              `${escapeHtml(reason)}: ${files.length} (${files.slice(0, 3).map(escapeHtml).join(', ')}${files.length > 3 ? ', …' : ''})`,
          )
          .join('; ')}.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>segkit scope: ${escapeHtml(report.dataset.input)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}
td.name,td.caveat{text-align:left}.caveat{color:#a60}
.verdict{font-size:.8em;padding:.1em .5em;border-radius:.3em;color:#fff}.box{background:#2a7}.polygon{background:#27a}.segmentation{background:#a52}
.examples{display:flex;gap:1em;flex-wrap:wrap}figure{margin:0}figcaption{font-size:.8em;color:#555}
svg{background:#fff;border:1px solid #ddd}svg image{image-rendering:pixelated}
</style></head><body>
<h1>Would polygons or boxes have been enough?</h1>
<p>${report.dataset.regions} regions of ${report.dataset.images} images (${escapeHtml(report.dataset.from)}). Polygon: the best ${settings.vertices}-vertex polygon of each region.
A shape captures a region when its boundary F-score at ${settings.tolerance} px reaches ${settings.rules.boundaryF} and its IoU reaches ${settings.rules.relativeIou} × the IoU of the region's own outline without its pixel staircase (Douglas–Peucker at 0.75 px);
each class gets the simplest shape that captures ${(100 * settings.rules.share).toFixed(0)}% of its regions. A verdict from fewer than 10 regions carries a caveat.</p>
${summary}
${emptyLine}
<p>Examples: grey, the region's pixels; red, its polygon.</p>
${notes}
${sections.join('\n')}
</body></html>
`;
}

function verdictBadge(c: ScopedClass): string {
  return `<span class="verdict ${c.verdict}">${c.verdict}${c.caveat === null ? '' : '*'}</span>`;
}

function caveatLine(c: ScopedClass): string {
  return c.caveat === null ? '' : `\n<p class="caveat">* ${escapeHtml(c.caveat)}</p>`;
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

async function exampleSvg(
  region: ScopedRegion,
  dataset: ScopeDataset,
  imagesById: ReadonlyMap<unknown, ScopeDataset['images'][number]>,
  semantic: boolean,
  cache: BackdropCache | undefined,
): Promise<string> {
  const annotation = dataset.annotations[region.annotation];
  const image = imagesById.get(annotation.image_id);
  if (image === undefined) return '';
  const contours = traceContours(segmentationToRle(annotation.segmentation, image.height, image.width));
  const shape = regionsOf(contours, semantic)[region.part];
  const m = region.measure;
  const [x, y, w, h] = m.bbox;
  const pad = Math.max(2, Math.round(0.05 * Math.max(w, h)));
  const scale = DRAWN / Math.max(w + 2 * pad, h + 2 * pad);
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
  let backdrop: Backdrop | null = null;
  if (cache !== undefined && image.file_name !== undefined) {
    const photo = await cache.image(image.file_name);
    if (photo !== null) backdrop = cropToPng(photo, [x - pad, y - pad, w + 2 * pad, h + 2 * pad], DRAWN);
  }
  const under =
    backdrop === null
      ? ''
      : `<image x="${backdrop.x}" y="${backdrop.y}" width="${backdrop.width}" height="${backdrop.height}" preserveAspectRatio="none" href="${backdrop.href}"/>\n`;
  // Over a photo the region is a translucent veil, so the photo shows through.
  const fill = backdrop === null ? 'fill="#bbb"' : 'fill="#fff" fill-opacity="0.35"';
  return `<figure><svg width="${Math.round((w + 2 * pad) * scale)}" height="${Math.round((h + 2 * pad) * scale)}" viewBox="${x - pad} ${y - pad} ${w + 2 * pad} ${h + 2 * pad}">
${under}<path d="${outline}" ${fill} fill-rule="evenodd"/>
<path d="${polygon}" fill="none" stroke="#d22" stroke-width="${1.2 / scale}" fill-rule="evenodd"/><g fill="#d22">${dots}</g></svg>
<figcaption>${escapeHtml(name)}: IoU ${m.iou.toFixed(3)}, boundary F ${m.boundaryF.toFixed(3)}, ${m.verticesUsed} vertices, box IoU ${m.boxIou.toFixed(3)}</figcaption></figure>`;
}
