/**
 * Reading an eval report (the JSON `segkit eval ... --format json` prints) for display: its headline
 * numbers, the per-class score a chart shows, and how each column is written.
 */
import type { ProjectType, QaReport } from '../api/types.js';

export interface Figure {
  label: string;
  /** 0..1, or null where the report has none (COCO's −1, panopticapi's NaN). */
  value: number | null;
}

const ratio = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;

/** COCOeval's `stats` order (pycocotools `summarize`). */
const COCO_STATS = ['AP', 'AP50', 'AP75', 'APs', 'APm', 'APl', 'AR1', 'AR10', 'AR100', 'ARs', 'ARm', 'ARl'];

/** The report's summary numbers, the main one first (mIoU, AP, PQ). */
export function headline(type: ProjectType, report: QaReport): Figure[] {
  if (type === 'semantic') {
    return [
      { label: 'mIoU', value: ratio(report.miou) },
      { label: 'pixel accuracy', value: ratio(report.pixelAccuracy) },
      { label: 'mean accuracy', value: ratio(report.meanAccuracy) },
      { label: 'fwIoU', value: ratio(report.fwIou) },
    ];
  }
  if (type === 'instance') {
    const stats = Array.isArray(report.stats) ? (report.stats as unknown[]) : [];
    return [0, 1, 2, 8].map((i) => ({ label: COCO_STATS[i], value: ratio(stats[i]) }));
  }
  const part = (name: string) => (report[name] ?? {}) as { pq?: unknown; sq?: unknown; rq?: unknown };
  return [
    { label: 'PQ', value: ratio(part('all').pq) },
    { label: 'SQ', value: ratio(part('all').sq) },
    { label: 'RQ', value: ratio(part('all').rq) },
    { label: 'PQ things', value: ratio(part('things').pq) },
    { label: 'PQ stuff', value: ratio(part('stuff').pq) },
  ];
}

/** The per-class score alerts and charts use: IoU, AP or PQ. */
export function scoreKey(type: ProjectType): { key: string; label: string } {
  if (type === 'semantic') return { key: 'iou', label: 'IoU' };
  if (type === 'instance') return { key: 'ap', label: 'AP' };
  return { key: 'pq', label: 'PQ' };
}

/** Columns that hold a 0..1 ratio (shown as percentages); the others are counts or flags. */
const RATIO_COLUMNS = new Set([
  ...['iou', 'dice', 'accuracy', 'precision'],
  ...['ap', 'ap50', 'ap75', 'apSmall', 'apMedium', 'apLarge', 'ar100'],
  ...['pq', 'sq', 'rq'],
]);

/** The per-class table's columns: every key of the rows, in the report's order, but the absent flag. */
export function columns(report: QaReport): string[] {
  const keys: string[] = [];
  for (const row of report.perClass ?? []) {
    for (const key of Object.keys(row)) if (key !== 'absent' && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

export function formatCell(column: string, value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number' && RATIO_COLUMNS.has(column)) return percent(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** 0.87512 → "87.51"; null → "n/a". */
export function percent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : (100 * value).toFixed(2);
}
