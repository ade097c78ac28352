import { describe, expect, it } from 'vitest';
import { AbortError, throwIfAborted } from '../src/index.js';

describe('throwIfAborted', () => {
  it('does nothing without a signal or with one not aborted', () => {
    expect(() => throwIfAborted(undefined)).not.toThrow();
    expect(() => throwIfAborted(new AbortController().signal)).not.toThrow();
  });

  it("throws an AbortError named and coded as the platform's, the signal's reason as its cause", () => {
    const reason = new Error('stop');
    let thrown: unknown;
    try {
      throwIfAborted(AbortSignal.abort(reason));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AbortError);
    expect(thrown).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR', cause: reason });
  });
});
