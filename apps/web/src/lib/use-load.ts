import { useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Loads again (after a write). */
  reload: () => void;
  /** Replaces the data with what a write answered. */
  set: (data: T) => void;
}

/**
 * Runs `load` when `key` changes (or on `reload`) and keeps its answer; an answer that arrives after
 * a newer load started is dropped, so a fast page change never shows the old page's data.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  // `key` names what `load` reads (a new `load` closure each render is not a new load); `tick` asks for a reload.
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const set = useCallback((data: T) => setState({ data, loading: false }), []);
  return { ...state, data: state.data, error: state.error, reload, set };
}
