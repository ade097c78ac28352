import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Task, TaskResult } from './tasks.js';

/**
 * The worker-thread pool CPU-heavy work runs in (QA metrics, exports), so the event loop keeps
 * answering saves while a batch is scored. One pool per process, created on first use.
 */
let pool: Piscina | undefined;

export function runTask<T extends Task>(task: T): Promise<TaskResult<T>> {
  pool ??= new Piscina({
    filename: workerFile(),
    maxThreads: Math.max(1, Math.min(availableParallelism(), 4)),
    idleTimeout: 30_000,
  });
  return pool.run(task) as Promise<TaskResult<T>>;
}

export async function closePool(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.destroy();
}

/** The compiled worker module (tests run the TypeScript sources, whose build sits in dist/). */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts')
    ? here.replace(/[/\\]src[/\\]workers[/\\]pool\.ts$/, '/dist/workers/worker.js')
    : here.replace(/pool\.js$/, 'worker.js');
}
