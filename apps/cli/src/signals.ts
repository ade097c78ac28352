import { removeTemporariesSync } from '@segkit/jobs';

/** Exit statuses after a signal, as a shell reports them: 128 + the signal's number. */
const SIGNALS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

/** A long-running command's own shutdown (the server closing its connections), set by `stopGracefully`. */
let graceful: (() => Promise<void>) | undefined;
let stopping = false;

/**
 * On Ctrl-C, SIGTERM or a closed terminal: remove every temporary file and folder this run has
 * open (the staged output, a report being written), then exit with 128 + the signal's number. A
 * kill -9 cannot be caught; its temporaries are swept by the next run (see @segkit/jobs' temp-files).
 *
 * A command that registered a graceful stop (`segkit serve`) is stopped instead: the first signal
 * runs its shutdown and the command ends normally (exit 0); a second signal exits at once.
 */
export function removeTemporariesOnSignals(): void {
  for (const [signal, status] of Object.entries(SIGNALS)) {
    process.on(signal, () => {
      if (graceful !== undefined && !stopping) {
        stopping = true;
        void graceful();
        return;
      }
      removeTemporariesSync();
      process.exit(status);
    });
  }
}

/**
 * Runs until SIGINT, SIGTERM or SIGHUP, then awaits `stop` and resolves: the caller's command
 * returns and the process exits 0, as a service manager expects of a clean shutdown.
 */
export function stopGracefully(stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    graceful = () => stop().then(resolve, reject);
  });
}
