/**
 * What a delivery format loses on a project's own documents, in words, from the server's measured
 * loss report (`GET /api/projects/{p}/delivery-loss`). Each item names one thing a format may lose and
 * says, with the report's figures, whether this project loses it:
 *
 *   instance project, png, two cars and two persons, a person over 48 px of a car →
 *     Instance ids: dropped (2 instances merged into another of their class: car 1, person 1)
 *     Overlaps: forbidden (48 px claimed by two segments went to one, later annotation wins; 1 segment lost pixels)
 *     Pixels: 48 of 724 labelled pixels change class (lowest IoU car 0.7500)
 *
 * Only what the report measured is claimed: an item appears when the project type can have it
 * (semantic documents hold no instance ids, only instance documents overlap) or the report counts it.
 */
import type { ClassLoss } from '@segkit/formats';
import type { DeliveryLoss, ProjectType } from '../api/types.js';

export interface LossItem {
  key: 'instances' | 'overlaps' | 'pixels' | 'polygons' | 'holes' | 'classes';
  label: string;
  /** True when this project's documents lose it in this format. */
  lost: boolean;
  text: string;
}

const sum = (rows: readonly ClassLoss[], pick: (row: ClassLoss) => number) =>
  rows.reduce((total, row) => total + pick(row), 0);

/** "car 1, person 1": the classes with a non-zero figure. */
function perClassText(rows: readonly ClassLoss[], pick: (row: ClassLoss) => number): string {
  return rows
    .filter((row) => pick(row) > 0)
    .map((row) => `${row.name} ${pick(row)}`)
    .join(', ');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function lossItems(loss: DeliveryLoss, type: ProjectType): LossItem[] {
  const report = loss.report;
  if (report === null) return [];
  const rows = report.perClass;
  const items: LossItem[] = [];

  const merged = sum(rows, (row) => row.instancesMerged);
  if (type !== 'semantic' || merged > 0) {
    items.push(
      loss.holds.instances
        ? { key: 'instances', label: 'Instance ids', lost: false, text: 'kept: every segment stays its own object' }
        : {
            key: 'instances',
            label: 'Instance ids',
            lost: true,
            text: `dropped: ${loss.format} holds one region per class, ${plural(merged, 'instance')} merged into another of their class${merged > 0 ? ` (${perClassText(rows, (row) => row.instancesMerged)})` : ''}`,
          },
    );
  }

  const overlap = sum(rows, (row) => row.overlapPixels);
  if (type === 'instance' || overlap > 0) {
    const segments = report.instancesLost?.length ?? 0;
    const policy = report.overlapPolicy ?? 'the overlap policy';
    items.push(
      loss.holds.overlaps
        ? { key: 'overlaps', label: 'Overlaps', lost: false, text: 'kept: overlapping segments keep every pixel' }
        : {
            key: 'overlaps',
            label: 'Overlaps',
            lost: overlap > 0,
            text: `forbidden: ${overlap} px claimed by two segments went to one (${policy}); ${plural(segments, 'segment')} lost pixels`,
          },
    );
  }

  const changed = sum(rows, (row) => row.pixelsChanged);
  const source = sum(rows, (row) => row.sourcePixels);
  if (rows.length > 0) {
    let worst: { name: string; iou: number } | undefined;
    for (const row of rows) {
      if (row.iou !== null && (worst === undefined || row.iou < worst.iou)) worst = { name: row.name, iou: row.iou };
    }
    items.push({
      key: 'pixels',
      label: 'Pixels',
      lost: changed > 0,
      text:
        changed === 0
          ? `kept: all ${source} labelled pixels keep their class`
          : `${changed} of ${source} labelled pixels change class (lowest IoU ${worst === undefined ? 'n/a' : `${worst.name} ${worst.iou.toFixed(4)}`})`,
    });
  }

  const delta = sum(rows, (row) => row.polygonAreaDelta);
  if (loss.format === 'coco-polygon' || delta > 0) {
    items.push({
      key: 'polygons',
      label: 'Polygon detail',
      lost: delta > 0 || changed > 0,
      text: `polygon vs raster area differs by ${delta.toFixed(1)} px in all; ${changed} px change class when the polygons are rasterized`,
    });
  }

  const holes = sum(rows, (row) => row.holesDropped);
  if (loss.holds.holes === false || holes > 0) {
    items.push({
      key: 'holes',
      label: 'Holes',
      lost: holes > 0,
      text:
        holes > 0
          ? `filled: ${plural(holes, 'hole')} dropped (${perClassText(rows, (row) => row.holesDropped)})`
          : 'none to fill',
    });
  }

  if (loss.holds.classes === false) {
    items.push({
      key: 'classes',
      label: 'Classes',
      lost: true,
      text: `dropped: ${loss.format} writes every segment as a foreground mask with no class`,
    });
  }
  return items;
}

/** One sentence: does delivering in this format lose anything on these documents? */
export function lossVerdict(loss: DeliveryLoss, type: ProjectType): { lossy: boolean; text: string } {
  const report = loss.report;
  if (report === null) {
    return { lossy: false, text: `Nothing to measure yet: no image has a labelled document.` };
  }
  const lossy = !report.lossless || lossItems(loss, type).some((item) => item.lost);
  const measured = `${plural(loss.images, 'labelled image')}, ${plural(report.annotations, 'segment')}`;
  return {
    lossy,
    text: lossy
      ? `Delivery as ${loss.format} loses something on this project's documents (${measured}):`
      : `Delivery as ${loss.format} keeps everything this project's documents hold (${measured}).`,
  };
}

/** The optional per-class columns worth showing: those with a non-zero figure in some row. */
export function lossColumns(rows: readonly ClassLoss[]): Array<{ key: keyof ClassLoss; label: string }> {
  const optional: Array<{ key: keyof ClassLoss; label: string }> = [
    { key: 'instancesMerged', label: 'instances merged' },
    { key: 'overlapPixels', label: 'overlap px' },
    { key: 'polygonAreaDelta', label: 'polygon Δ px' },
    { key: 'holesDropped', label: 'holes dropped' },
  ];
  return optional.filter((column) => rows.some((row) => (row[column.key] as number) > 0));
}
