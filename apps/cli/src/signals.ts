import { removeTemporariesSync } from '@segkit/jobs';

/** Exit statuses after a signal, as a shell reports them: 128 + the signal's number. */
const SIGNALS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/**
 * On Ctrl-C, SIGTERM or a closed terminal: remove every temporary file and folder this run has
 * open (the staged output, a report being written), then exit with 128 + the signal's number. A
 * kill -9 cannot be caught; its temporaries are swept by the next run (see @segkit/jobs' temp-files).
 */
export function removeTemporariesOnSignals(): void {
  for (const [signal, status] of Object.entries(SIGNALS)) {
    process.once(signal, () => {
      removeTemporariesSync();
      process.exit(status);
    });
  }
}
