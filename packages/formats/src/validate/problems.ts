/** One thing wrong with a dataset: where, what, and whether it makes the data unusable. */
export interface Problem {
  severity: 'error' | 'warning';
  /** Stable, for programs: e.g. RLE_SUM, UNKNOWN_CATEGORY, OVERLAP. */
  code: string;
  /** File and item: "instances.json: annotation 17 (id 4021)". */
  where: string;
  message: string;
}

export class ProblemList {
  readonly problems: Problem[] = [];

  error(code: string, where: string, message: string): void {
    this.problems.push({ severity: 'error', code, where, message });
  }

  warning(code: string, where: string, message: string): void {
    this.problems.push({ severity: 'warning', code, where, message });
  }

  get errors(): number {
    return this.problems.filter((p) => p.severity === 'error').length;
  }

  get warnings(): number {
    return this.problems.length - this.errors;
  }
}
