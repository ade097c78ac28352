import type { Problem, ProblemCount } from './problems.js';

export type { ProblemCount } from './problems.js';

/** What `validate` shows: problems whose code is not ignored, errors only on request. */
export interface ProblemFilter {
  /** Codes to leave out (`--ignore OVERLAP,BBOX`). */
  ignore?: readonly string[];
  /** Leave out every warning (`--errors-only`). */
  errorsOnly?: boolean;
}

/** The problems a filter keeps, errors first (each severity in the order found). */
export function filterProblems(problems: readonly Problem[], filter: ProblemFilter = {}): Problem[] {
  const ignored = new Set(filter.ignore ?? []);
  const kept = problems.filter((p) => keeps(filter, ignored, p.code, p.severity));
  return [...kept.filter((p) => p.severity === 'error'), ...kept.filter((p) => p.severity === 'warning')];
}

/** Whether a filter keeps problems of this code and severity. */
function keeps(filter: ProblemFilter, ignored: ReadonlySet<string>, code: string, severity: Problem['severity']) {
  return !ignored.has(code) && !(filter.errorsOnly && severity === 'warning');
}

/** Counts per code and severity: errors first, then the most frequent. */
export function countProblems(problems: readonly Problem[]): ProblemCount[] {
  const counts = new Map<string, ProblemCount>();
  for (const p of problems) {
    const key = `${p.severity} ${p.code}`;
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { code: p.code, severity: p.severity, count: 1 });
  }
  return sortCounts([...counts.values()]);
}

/** The counts a filter keeps (a ProblemList's `counts()`, which are complete where its list is not), sorted as countProblems sorts. */
export function filterCounts(counts: readonly ProblemCount[], filter: ProblemFilter = {}): ProblemCount[] {
  const ignored = new Set(filter.ignore ?? []);
  return sortCounts(counts.filter((c) => keeps(filter, ignored, c.code, c.severity)).map((c) => ({ ...c })));
}

function sortCounts(counts: ProblemCount[]): ProblemCount[] {
  return counts.sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      b.count - a.count ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/**
 * Warnings that official COCO instance files raise by design, and why. A file straight from the COCO
 * site gives hundreds of them (225 OVERLAP, 32 BBOX and 5 AREA on 100 images of val2014), which
 * bury the errors that matter; `validate` says which ones are expected so they can be ignored.
 */
export const EXPECTED_COCO_INSTANCE_WARNINGS: Readonly<Record<string, string>> = {
  OVERLAP: 'COCO instances may overlap (an occluder and the object behind it, crowd regions over their members)',
  BBOX: "COCO's boxes were measured on the original float polygons, not on the rasterized masks",
  AREA: "COCO's area is the float polygon's area, not the rasterized pixel count",
};

/**
 * One note per warning code that is expected for an instance dataset (COCO's conventions), naming
 * how many there are and the flag that hides them; none for semantic or panoptic datasets, where
 * an overlap is a real problem.
 */
export function expectedWarningNotes(
  counts: readonly ProblemCount[],
  type: 'instance' | 'semantic' | 'panoptic',
): string[] {
  if (type !== 'instance') return [];
  return counts
    .filter((c) => c.severity === 'warning' && c.code in EXPECTED_COCO_INSTANCE_WARNINGS)
    .map(
      (c) =>
        `${c.count} ${c.code} warning${c.count === 1 ? '' : 's'} expected: ${EXPECTED_COCO_INSTANCE_WARNINGS[c.code]} (--ignore ${c.code} hides them)`,
    );
}
