import { describe, expect, it } from 'vitest';
import { KindTally, LISTED_PER_KIND, ProblemList, WarningList } from '../../src/index.js';

describe('KindTally (the one collector of warnings and problems)', () => {
  it('add() counts every item and keeps the first `listed` of each kind, in the order added', () => {
    const tally = new KindTally<string>(2);
    for (const item of ['a1', 'b1', 'a2', 'a3', 'b2', 'c1', 'a4']) tally.add(item[0], item);
    expect(tally.items()).toEqual(['a1', 'b1', 'a2', 'b2', 'c1']);
    expect(tally.kinds()).toEqual([
      ['a', 4],
      ['b', 2],
      ['c', 1],
    ]);
    expect([tally.total, tally.count('a'), tally.count('z')]).toEqual([7, 4, 0]);
  });

  it('keeps LISTED_PER_KIND (20) of a kind by default, however many are added', () => {
    const tally = new KindTally<number>();
    for (let i = 0; i < 100_000; i++) tally.add('same', i);
    expect(LISTED_PER_KIND).toBe(20);
    expect(tally.items()).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(tally.total).toBe(100_000);
  });

  it('merge() adds counts in full and items while their kind has room', () => {
    const mine = new KindTally<string>(2);
    mine.add('a', 'a1');
    const other = new KindTally<string>(2);
    for (const item of ['a2', 'a3', 'b1']) other.add(item[0], item);
    mine.merge(other, (item) => item[0]);
    expect(mine.items()).toEqual(['a1', 'a2', 'b1']);
    expect(mine.kinds()).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
  });
});

describe('WarningList', () => {
  it('lines() lists the kept warnings, then one "… and N more <kind> warnings" line per kind', () => {
    const warnings = new WarningList(2);
    for (let k = 0; k < 12_347; k++) warnings.add('hidden object', `object ${k} is hidden`);
    warnings.add('skipped objects', 'one file skipped 2 objects');
    expect(warnings.lines()).toEqual([
      'object 0 is hidden',
      'object 1 is hidden',
      'one file skipped 2 objects',
      '… and 12,345 more hidden object warnings',
    ]);
    expect(warnings.total).toBe(12_348);
  });

  it('says "warning" for one left out, and nothing when none is', () => {
    const warnings = new WarningList(1);
    warnings.add('x', 'first');
    expect(warnings.lines()).toEqual(['first']);
    warnings.add('x', 'second');
    expect(warnings.lines()).toEqual(['first', '… and 1 more x warning']);
  });
});

describe('ProblemList', () => {
  it('counts every problem per code and severity and keeps `listed` of each', () => {
    const problems = new ProblemList(1);
    problems.warning('OVERLAP', 'a', 'one');
    problems.warning('OVERLAP', 'b', 'two');
    problems.error('OVERLAP', 'c', 'three');
    problems.error('RLE', 'd', 'four');
    expect(problems.problems.map((p) => p.where)).toEqual(['a', 'c', 'd']);
    expect(problems.counts()).toEqual([
      { severity: 'warning', code: 'OVERLAP', count: 2 },
      { severity: 'error', code: 'OVERLAP', count: 1 },
      { severity: 'error', code: 'RLE', count: 1 },
    ]);
    expect([problems.errors, problems.warnings]).toEqual([2, 2]);
  });

  it('merge() adds another list, counted in full', () => {
    const problems = new ProblemList(1);
    problems.error('IMAGE_MISSING', 'a', 'one');
    const more = new ProblemList(1);
    more.error('IMAGE_MISSING', 'b', 'two');
    more.warning('IMAGE_SIZE', 'c', 'three');
    problems.merge(more);
    expect(problems.problems.map((p) => p.where)).toEqual(['a', 'c']);
    expect([problems.errors, problems.warnings]).toEqual([2, 1]);
  });
});
