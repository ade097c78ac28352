import type { Task } from './tasks.js';
import { runTaskHere } from './tasks.js';

/** Piscina calls the default export with each task. */
export default function run(task: Task): Promise<unknown> {
  return runTaskHere(task);
}
