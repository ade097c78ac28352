/**
 * terminalProgress: the bar on a terminal, plain lines every 2 s with `force` when not a terminal,
 * silence otherwise; and no timer left running once the work is done (it would keep the CLI alive).
 */
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { terminalProgress } from '../src/progress.js';

/** A stream that records what is written, posing as a terminal or not. */
class Sink extends Writable {
  text = '';
  columns = 100;
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: unknown, _encoding: BufferEncoding, done: () => void): void {
    this.text += String(chunk);
    done();
  }
}

describe('terminalProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('terminalProgress writes nothing when the stream is not a terminal and force is off', () => {
    const sink = new Sink(false);
    const progress = terminalProgress('reading', { stream: sink });
    progress(0, 10);
    progress(5, 10);
    vi.advanceTimersByTime(10_000);
    progress.finish();
    expect(sink.text).toBe('');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('terminalProgress with force writes a plain line at the start, every 2 s, and at the end', () => {
    const sink = new Sink(false);
    const progress = terminalProgress('reading', { stream: sink, force: true });
    progress(0, 10);
    progress(5, 10);
    expect(sink.text).toBe('reading [..............................] 0/10\n');
    vi.advanceTimersByTime(2000);
    expect(sink.text.split('\n')[1]).toBe('reading [###############...............] 5/10');
    progress(10, 10); // done: the bar stops by itself, with a last line
    expect(sink.text.split('\n').slice(2)).toEqual(['reading [##############################] 10/10', '']);
    expect(vi.getTimerCount()).toBe(0);
    progress.finish();
    expect(sink.text.split('\n')).toHaveLength(4);
  });

  it('terminalProgress on a terminal redraws one line and clears it on finish', () => {
    const sink = new Sink(true);
    const progress = terminalProgress('measuring', { stream: sink });
    progress(0, 4);
    progress(2, 4);
    vi.advanceTimersByTime(100);
    expect(sink.text).toContain('measuring [###############...............] 2/4');
    expect(sink.text).not.toContain('\n');
    progress.finish();
    expect(sink.text.endsWith('\x1b[2K')).toBe(true); // readline's clear-the-whole-line
    expect(vi.getTimerCount()).toBe(0);
  });

  it('terminalProgress never keeps the process alive, even when a bar is left running', () => {
    vi.useRealTimers();
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    const progress = terminalProgress('reading', { stream: new Sink(true), force: true });
    progress(1, 10); // an error would leave it here, never finished
    expect(timers()).toBe(before);
    progress.finish();
  });
});
