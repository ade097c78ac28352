/**
 * The one collector for what readers, writers and `validate` have to say about many items: every item
 * is counted by kind, and only the first `listed` of each kind are kept. A dataset with five million
 * hidden objects or overlapping masks then costs one counter per kind and a few dozen messages, not
 * five million strings, and what is printed stays bounded:
 *
 *   const warnings = new WarningList();
 *   for (...) warnings.add('hidden object', `${file}: object ${k} is hidden by later objects`);
 *   warnings.lines()   // the first 20, then "… and 12,345 more hidden object warnings"
 *
 * Counts are exact whatever is kept; kinds are listed in the order they first appear.
 */

/** Items kept of each kind unless told otherwise. */
export const LISTED_PER_KIND = 20;

export class KindTally<T> {
  /** How many items of one kind are kept. */
  readonly listed: number;
  private readonly counts = new Map<string, number>();
  private readonly kept: T[] = [];
  private added = 0;

  constructor(listed: number = LISTED_PER_KIND) {
    this.listed = Math.max(0, listed);
  }

  /** Counts one item of `kind`, and keeps it while fewer than `listed` of its kind are kept. */
  add(kind: string, item: T): void {
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    this.added++;
    if (count <= this.listed) this.kept.push(item);
  }

  /** Items of every kind, counted. */
  get total(): number {
    return this.added;
  }

  /** Items of `kind`, counted. */
  count(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  /** Every kind with its count, in order of first appearance. */
  kinds(): [kind: string, count: number][] {
    return [...this.counts];
  }

  /** The items kept, in the order they were added. */
  items(): readonly T[] {
    return this.kept;
  }

  /** Adds another tally's counts and kept items, as if its items had been added here after ours. */
  merge(other: KindTally<T>, kindOf: (item: T) => string): void {
    const room = new Map<string, number>();
    for (const [kind, count] of other.counts) {
      const before = this.counts.get(kind) ?? 0;
      room.set(kind, Math.max(0, this.listed - before));
      this.counts.set(kind, before + count);
      this.added += count;
    }
    for (const item of other.kept) {
      const kind = kindOf(item);
      const left = room.get(kind) ?? 0;
      if (left === 0) continue;
      room.set(kind, left - 1);
      this.kept.push(item);
    }
  }
}

/** Warnings (one line each), counted by kind; `lines()` is what a report holds. */
export class WarningList {
  private readonly tally: KindTally<string>;

  constructor(listed: number = LISTED_PER_KIND) {
    this.tally = new KindTally(listed);
  }

  /** Counts a warning of `kind` (a short noun phrase: "hidden object"), keeping its line while few of its kind are kept. */
  add(kind: string, line: string): void {
    this.tally.add(kind, line);
  }

  get total(): number {
    return this.tally.total;
  }

  /** The kept lines, then one "… and N more <kind> warnings" line per kind with lines left out. */
  lines(): string[] {
    const lines = [...this.tally.items()];
    for (const [kind, count] of this.tally.kinds()) {
      const left = count - this.tally.listed;
      if (left > 0) lines.push(`… and ${left.toLocaleString('en-US')} more ${kind} warning${left === 1 ? '' : 's'}`);
    }
    return lines;
  }
}
