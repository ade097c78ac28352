import type { CocoClassResult, CocoEvalResult, IouType } from './types.js';

/** The JSON report: `{"iouType", "stats": [12], "perClass": [{id, name, ap, ap50, …, nGt, nDt}]}`. */
export interface CocoEvalReport {
  iouType: IouType;
  stats: number[];
  perClass: CocoClassResult[];
}

export function cocoEvalReport(result: CocoEvalResult): CocoEvalReport {
  return { iouType: result.iouType, stats: result.stats, perClass: result.perClass };
}
