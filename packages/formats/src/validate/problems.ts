import { KindTally, LISTED_PER_KIND } from '../report/tally.js';

/** One thing wrong with a dataset: where, what, and whether it makes the data unusable. */
export interface Problem {
  severity: 'error' | 'warning';
  /** Stable, for programs: e.g. RLE_SUM, UNKNOWN_CATEGORY, OVERLAP. */
  code: string;
  /** File and item: "instances.json: annotation 17 (id 4021)". */
  where: string;
  message: string;
}

/** How many problems of one code and severity a dataset has. */
export interface ProblemCount {
  code: string;
  severity: Problem['severity'];
  count: number;
}

const kindOf = (problem: Problem): string => `${problem.severity} ${problem.code}`;

/**
 * Every problem of a dataset counted by code and severity, the first `listed` of each kept (report/
 * tally.ts): a file with millions of overlapping masks is counted in full and listed in part, in
 * bounded memory.
 */
export class ProblemList {
  private readonly tally: KindTally<Problem>;

  constructor(listed: number = LISTED_PER_KIND) {
    this.tally = new KindTally(listed);
  }

  error(code: string, where: string, message: string): void {
    this.tally.add(`error ${code}`, { severity: 'error', code, where, message });
  }

  warning(code: string, where: string, message: string): void {
    this.tally.add(`warning ${code}`, { severity: 'warning', code, where, message });
  }

  /** The problems kept (at most `listed` of each code and severity), in the order found. */
  get problems(): readonly Problem[] {
    return this.tally.items();
  }

  /** Every problem's code and severity, counted (kept or not), in the order first found. */
  counts(): ProblemCount[] {
    return this.tally.kinds().map(([kind, count]) => {
      const space = kind.indexOf(' ');
      return { severity: kind.slice(0, space) as Problem['severity'], code: kind.slice(space + 1), count };
    });
  }

  get errors(): number {
    return this.counts().reduce((sum, c) => sum + (c.severity === 'error' ? c.count : 0), 0);
  }

  get warnings(): number {
    return this.tally.total - this.errors;
  }

  /** Adds the problems another list found (counted in full, kept while there is room). */
  merge(other: ProblemList): void {
    this.tally.merge(other.tally, kindOf);
  }
}
