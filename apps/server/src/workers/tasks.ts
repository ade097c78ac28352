import type { EvalReport } from '@segkit/jobs';
import { type ExportInput, type ExportPartInput, writeExportPart, writeExportZip } from '../exports/write-zip.js';
import { type PrelabelInput, readPrelabels } from '../imports/read-prelabels.js';
import { computeQa, computeQaReport, type QaInput, type QaReport } from '../qa/compute.js';

/** What the pool runs: plain data in and out (structured-cloned across the thread boundary). */
export type Task =
  | { kind: 'qa'; input: QaInput }
  | { kind: 'qa-report'; input: QaInput }
  | { kind: 'export'; input: ExportInput }
  | { kind: 'export-part'; input: ExportPartInput }
  | { kind: 'prelabels'; input: PrelabelInput };

export type TaskResult<T extends Task> = T extends { kind: 'qa' }
  ? QaReport
  : T extends { kind: 'qa-report' }
    ? EvalReport
    : T extends { kind: 'export' }
      ? Awaited<ReturnType<typeof writeExportZip>>
      : T extends { kind: 'export-part' }
        ? Awaited<ReturnType<typeof writeExportPart>>
        : T extends { kind: 'prelabels' }
          ? Awaited<ReturnType<typeof readPrelabels>>
          : never;

export async function runTaskHere(task: Task): Promise<unknown> {
  switch (task.kind) {
    case 'qa':
      return computeQa(task.input);
    case 'qa-report':
      return computeQaReport(task.input);
    case 'export':
      return writeExportZip(task.input);
    case 'export-part':
      return writeExportPart(task.input);
    case 'prelabels':
      return readPrelabels(task.input);
  }
}
