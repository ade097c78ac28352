import { type JobHooks, throwIfAborted } from '../hooks.js';

/**
 * Hooks for a share computed on this thread: the signal is checked before each item and progress
 * reported after it. Shares in worker threads get none (functions do not cross threads); the job
 * checks the signal before it dispatches them and reports them when they are back.
 */
export interface ItemHooks {
  signal?: AbortSignal;
  itemDone?: () => void;
}

/**
 * Item hooks counting `total` items into the job's progress. `finish`, once the shares are back,
 * checks the signal again (worker shares could not) and reports the items workers did.
 */
export function itemHooks(hooks: JobHooks, total: number): ItemHooks & { finish(): void } {
  let done = 0;
  const { onProgress, signal } = hooks;
  return {
    signal,
    itemDone: () => onProgress?.(++done, total),
    finish() {
      throwIfAborted(signal);
      if (done === total) return;
      done = total;
      onProgress?.(done, total);
    },
  };
}

/** The check before an item: outside the item's own error handling, so an abort is never a data error. */
export function beforeItem(hooks: ItemHooks | undefined): void {
  throwIfAborted(hooks?.signal);
}
