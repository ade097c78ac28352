import { computeQa, type QaInput, type QaReport } from '../qa/compute.js';

/** What the pool runs: plain data in and out (structured-cloned across the thread boundary). */
export type Task = { kind: 'qa'; input: QaInput };

export type TaskResult<T extends Task> = T extends { kind: 'qa' } ? QaReport : never;

export async function runTaskHere(task: Task): Promise<unknown> {
  if (task.kind === 'qa') return computeQa(task.input);
  throw new Error(`unknown task ${(task as { kind: string }).kind}`);
}
