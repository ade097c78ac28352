import type { CocoEvalParams } from './types.js';

/**
 * Python's `'{:0.3f}'.format(x)`: the exact binary value rounded half to even. `toFixed` rounds an
 * exact tie up instead; at 3 decimals the only ties are odd multiples of 1/16 (0.0625 → "0.062").
 */
export function formatFixed3(x: number): string {
  const sixteenths = x * 16;
  if (Number.isInteger(sixteenths) && sixteenths % 2 !== 0) {
    const thousandths = x * 1000; // exact: an odd multiple of 62.5
    const down = Math.floor(thousandths);
    const even = down % 2 === 0 ? down : down + 1;
    const sign = even < 0 ? '-' : '';
    const digits = String(Math.abs(even)).padStart(4, '0');
    return `${sign}${digits.slice(0, -3)}.${digits.slice(-3)}`;
  }
  return x.toFixed(3);
}

/** The 12 lines `COCOeval.summarize()` prints for segm/bbox, from its stats. */
export function summaryLines(stats: readonly number[], params: CocoEvalParams): string[] {
  const { iouThrs, maxDets } = params;
  const range = `${iouThrs[0].toFixed(2)}:${iouThrs[iouThrs.length - 1].toFixed(2)}`;
  const line = (ap: boolean, iou: string, area: string, det: number, value: number) =>
    ` ${(ap ? 'Average Precision' : 'Average Recall').padEnd(18)} ${ap ? '(AP)' : '(AR)'} @[ IoU=${iou.padEnd(9)} | area=${area.padStart(6)} | maxDets=${String(det).padStart(3)} ] = ${formatFixed3(value)}`;
  const [m0, m1, m2] = maxDets;
  return [
    line(true, range, 'all', 100, stats[0]),
    line(true, '0.50', 'all', m2, stats[1]),
    line(true, '0.75', 'all', m2, stats[2]),
    line(true, range, 'small', m2, stats[3]),
    line(true, range, 'medium', m2, stats[4]),
    line(true, range, 'large', m2, stats[5]),
    line(false, range, 'all', m0, stats[6]),
    line(false, range, 'all', m1, stats[7]),
    line(false, range, 'all', m2, stats[8]),
    line(false, range, 'small', m2, stats[9]),
    line(false, range, 'medium', m2, stats[10]),
    line(false, range, 'large', m2, stats[11]),
  ];
}
