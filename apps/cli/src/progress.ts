/**
 * Progress on stderr for long runs, drawn by cli-progress: a one-line bar redrawn at most 10 times a
 * second when stderr is a terminal; nothing when it is piped or in CI, unless `force` (the
 * `--progress` flag) asks for a plain line every 2 seconds, for logs.
 *
 * The bar starts on the first report and stops by itself once `done` reaches `total`. cli-progress
 * redraws on a timer while a bar runs; ours is unref'd, so a bar left running (an error thrown
 * mid-way, a caller that never calls `finish`) cannot keep the CLI alive.
 */
import { SingleBar } from 'cli-progress';

export interface ProgressOptions {
  /** Also report when the stream is not a terminal: one plain line every 2 s. */
  force?: boolean;
  /** Where to draw; stderr unless a test gives another stream. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** cli-progress's bar with its redraw timer unref'd (see above). */
class Bar extends SingleBar {
  override render(): void {
    super.render();
    (this as unknown as { timer: NodeJS.Timeout | null }).timer?.unref();
  }
}

/** How often a forced progress line is written when the stream is not a terminal. */
const PLAIN_LINE_MS = 2000;

export function terminalProgress(
  label: string,
  options: ProgressOptions = {},
): ((done: number, total: number) => void) & { finish(): void } {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  if (!tty && !options.force) return Object.assign(() => {}, { finish() {} });
  const bar = new Bar({
    format: `${label} [{bar}] {value}/{total}`,
    barsize: 30,
    barCompleteChar: '#',
    barIncompleteChar: '.',
    stream,
    fps: 10,
    noTTYOutput: !tty,
    notTTYSchedule: PLAIN_LINE_MS,
    // Leave the terminal as it was: no hidden cursor or disabled wrapping if the run dies mid-bar,
    // and no SIGINT handler, which would stop Ctrl-C from ending the program.
    hideCursor: false,
    linewrap: true,
    gracefulExit: false,
    clearOnComplete: true,
  });
  let running = false;
  const update = (done: number, total: number) => {
    if (!running) {
      if (done >= total) return;
      bar.start(total, done);
      running = true;
      return;
    }
    bar.setTotal(total);
    bar.update(done);
    if (done >= total) finish();
  };
  const finish = () => {
    if (!running) return;
    running = false;
    bar.stop();
  };
  return Object.assign(update, { finish });
}
