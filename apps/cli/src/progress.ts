/**
 * A one-line progress bar on stderr for long runs, drawn only when stderr is a terminal (quiet
 * when piped or in CI), redrawn at most every 100 ms.
 */
export function terminalProgress(label: string): ((done: number, total: number) => void) & { finish(): void } {
  const stream = process.stderr;
  const enabled = stream.isTTY === true;
  let last = 0;
  let drawn = false;
  const update = (done: number, total: number) => {
    if (!enabled) return;
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const width = 30;
    const filled = total > 0 ? Math.round((done / total) * width) : 0;
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    drawn = true;
  };
  return Object.assign(update, {
    finish() {
      if (drawn) stream.write('\r\x1b[K');
    },
  });
}
