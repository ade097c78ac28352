import { describe, expect, it } from 'vitest';
import { countProblems, expectedWarningNotes, filterProblems } from '../../src/validate/filter.js';
import type { Problem } from '../../src/validate/problems.js';

const problem = (severity: Problem['severity'], code: string, where: string): Problem => ({
  severity,
  code,
  where,
  message: `${code} at ${where}`,
});

const found: Problem[] = [
  problem('warning', 'OVERLAP', 'a'),
  problem('error', 'RLE_SUM', 'b'),
  problem('warning', 'BBOX', 'c'),
  problem('warning', 'OVERLAP', 'd'),
  problem('error', 'UNKNOWN_CATEGORY', 'e'),
];

describe('filterProblems', () => {
  it('keeps everything, errors first, each severity in the order found', () => {
    expect(filterProblems(found).map((p) => p.where)).toEqual(['b', 'e', 'a', 'c', 'd']);
  });

  it('leaves out ignored codes', () => {
    expect(filterProblems(found, { ignore: ['OVERLAP', 'RLE_SUM'] }).map((p) => p.where)).toEqual(['e', 'c']);
  });

  it('leaves out every warning with errorsOnly', () => {
    expect(filterProblems(found, { errorsOnly: true }).map((p) => p.where)).toEqual(['b', 'e']);
  });
});

describe('countProblems', () => {
  it('counts per code and severity, errors first, then the most frequent', () => {
    expect(countProblems(found)).toEqual([
      { code: 'RLE_SUM', severity: 'error', count: 1 },
      { code: 'UNKNOWN_CATEGORY', severity: 'error', count: 1 },
      { code: 'OVERLAP', severity: 'warning', count: 2 },
      { code: 'BBOX', severity: 'warning', count: 1 },
    ]);
  });
});

describe('expectedWarningNotes', () => {
  it('names the COCO-expected warnings of an instance dataset and the flag that hides them', () => {
    const notes = expectedWarningNotes(countProblems(found), 'instance');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^2 OVERLAP warnings expected: .*\(--ignore OVERLAP hides them\)$/);
    expect(notes[1]).toMatch(/^1 BBOX warning expected: /);
  });

  it('expects nothing of a panoptic or semantic dataset, where an overlap is a real problem', () => {
    expect(expectedWarningNotes(countProblems(found), 'panoptic')).toEqual([]);
    expect(expectedWarningNotes(countProblems(found), 'semantic')).toEqual([]);
  });
});
