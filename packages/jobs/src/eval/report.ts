/**
 * The report every `eval` job returns and every front end prints: the JSON object (shapes pinned in
 * the CLI contract), the summary lines, the per-class rows, and what the classes' scores say
 * (alerts worst first, rare notes, the classes absent from both sides).
 */
import { type Alert, type AlertKind, reviewClasses } from '@segkit/metrics';

/** A table cell: numbers are formatted by the printer, null or undefined print as '-'. */
export type Cell = string | number | null | undefined;

export interface EvalRow {
  id: number;
  name: string;
  /** The score alerts and sorting use (IoU, AP, PQ); null when undefined. */
  score: number | null;
  /** The class's share of the labels (pixels, instances or segments). */
  share: number;
  /** Under the rare share of the labels: a note beside the class. */
  rare: boolean;
  cells: Cell[];
}

/** An alert as the JSON carries it. */
export interface JsonAlert {
  id: number;
  name: string;
  kinds: AlertKind[];
  message: string;
}

export interface EvalReport {
  /** What `--format json` prints: the metric's result plus `alerts`, and `absent: true` on absent classes. */
  json: { perClass: object[]; alerts: JsonAlert[] } & Record<string, unknown>;
  summary: string[];
  metric: string;
  unit: string;
  headers: string[];
  /** The classes present in ground truth or prediction, worst score first, undefined scores last. */
  rows: EvalRow[];
  /** The classes absent from both sides, in class order: listed once, at the end. */
  absent: EvalRow[];
  alerts: Alert[];
}

/** A report before review: rows in the order of `json.perClass`, one for one. */
export interface EvalDraft<J extends { perClass: readonly object[] }> {
  json: J;
  summary: string[];
  metric: string;
  unit: string;
  headers: string[];
  rows: { id: number; name: string; score: number | null; share: number; absent: boolean; cells: Cell[] }[];
  alertThreshold?: number;
}

/** Reviews the classes and puts the alerts and absent flags into the JSON. */
export function finishReport<J extends { perClass: readonly object[] }>(draft: EvalDraft<J>): EvalReport {
  const review = reviewClasses(draft.rows, {
    metric: draft.metric,
    unit: draft.unit,
    threshold: draft.alertThreshold,
  });
  const rare = new Set(review.rare);
  const rows = draft.rows.map(({ absent, ...row }) => ({ ...row, rare: rare.has(row.id), absent }));
  const present = rows.filter((r) => !r.absent);
  // Stable sort: equal scores keep the class order; classes without a score go last.
  present.sort((a, b) => (a.score ?? Number.POSITIVE_INFINITY) - (b.score ?? Number.POSITIVE_INFINITY));
  const strip = ({ absent: _, ...row }: (typeof rows)[number]): EvalRow => row;
  return {
    json: {
      ...draft.json,
      // The reference's values stay as they are (panopticapi's 0.0, null where it has NaN): only the flag is added.
      perClass: draft.json.perClass.map((c, i) => (draft.rows[i]?.absent ? { ...c, absent: true } : c)),
      alerts: review.alerts.map(({ id, name, kinds, message }) => ({ id, name, kinds, message })),
    },
    summary: draft.summary,
    metric: draft.metric,
    unit: draft.unit,
    headers: draft.headers,
    rows: present.map(strip),
    absent: rows.filter((r) => r.absent).map(strip),
    alerts: review.alerts,
  };
}
