/**
 * The save protocol against the server's versions (api.md "Annotations"), headless: the page injects
 * the transport (fetch) and the local store (IndexedDB); tests inject fakes.
 *
 * Status (the text of `[data-testid="save-status"]`, editor.md):
 * - `saved`: the server holds the current document;
 * - `saving`: a PUT is in flight;
 * - `unsaved`: local changes not yet on the server (also while offline, retrying, and after a refusal:
 *   `refusal` says why, and nothing is sent again until the next change or `saveNow()`);
 * - `conflict`: the server answered 409; nothing is sent until the user picks `reloadTheirs()` or
 *   `keepMine()` (mine saved on top of the current version as a new version). Never a silent overwrite.
 *
 * Every change is written to the local store before it is sent, and cleared only once the server
 * holds it, so work survives a reload or a dropped connection; `start()` finds it again and sends it
 * against the version it was based on (a 409 then, if someone saved meanwhile).
 */
import type { Segment } from '../document/types.js';

export type SaveStatus = 'saved' | 'saving' | 'unsaved' | 'conflict';

export type PutResult =
  | { status: 'ok'; version: number }
  | { status: 'conflict'; currentVersion: number }
  | { status: 'refused'; code: string; message: string };

/** Why the server refused the last save (not a conflict: 403 for a reviewer, 422 for a bad document). */
export interface SaveRefusal {
  code: string;
  message: string;
}

/**
 * `GET` and `PUT /api/images/{i}/annotation`. A network failure rejects (retried with backoff); a 409
 * resolves as `conflict`; any other refusal as `refused` (the same document would be refused again, so
 * it is not retried on a timer).
 */
export interface SaveTransport {
  get(): Promise<{ version: number; segments: Segment[] }>;
  put(baseVersion: number, segments: Segment[]): Promise<PutResult>;
}

/** Work not yet on the server. */
export interface PendingWork {
  baseVersion: number;
  segments: Segment[];
}

/** Where pending work survives a reload (IndexedDB in the page). */
export interface LocalStore {
  load(): Promise<PendingWork | undefined>;
  save(work: PendingWork): Promise<void>;
  clear(): Promise<void>;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SaveControllerOptions {
  transport: SaveTransport;
  store: LocalStore;
  /** The document to save, now (EditorDocument.toSegments). */
  snapshot: () => Segment[];
  /** Quiet time after the last change before an autosave (default 1500 ms). */
  debounceMs?: number;
  /** First retry delay after a network error (default 1000 ms), doubled up to `maxRetryMs` (default 30 s). */
  retryMs?: number;
  maxRetryMs?: number;
  timers?: Timers;
}

const defaultTimers = (): Timers => {
  const g = globalThis as unknown as {
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
  };
  return { setTimeout: (fn, ms) => g.setTimeout(fn, ms), clearTimeout: (h) => g.clearTimeout(h) };
};

export class SaveController {
  private statusValue: SaveStatus = 'saved';
  private versionValue = 0;
  private conflictVersion: number | null = null;
  private refusalValue: SaveRefusal | null = null;
  private offlineValue = false;
  /** Bumped on every change; a save is complete when the revision it sent is still the latest. */
  private revision = 0;
  private savedRevision = 0;
  private timer: unknown = null;
  private localTimer: unknown = null;
  private retryDelay: number;
  private inFlight: Promise<void> | null = null;
  private readonly listeners = new Set<(status: SaveStatus) => void>();
  private readonly timers: Timers;
  private readonly debounceMs: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;

  constructor(private readonly options: SaveControllerOptions) {
    this.timers = options.timers ?? defaultTimers();
    this.debounceMs = options.debounceMs ?? 1500;
    this.retryMs = options.retryMs ?? 1000;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
    this.retryDelay = this.retryMs;
  }

  get status(): SaveStatus {
    return this.statusValue;
  }

  /** The server version the document is based on. */
  get version(): number {
    return this.versionValue;
  }

  /** After a 409: the server's current version. */
  get theirVersion(): number | null {
    return this.conflictVersion;
  }

  /** Whether the last attempt failed on the network (the status stays `unsaved`; retries continue). */
  get offline(): boolean {
    return this.offlineValue;
  }

  /** The server's refusal of the last save, until a save goes through or the document changes. */
  get refusal(): SaveRefusal | null {
    return this.refusalValue;
  }

  onStatus(listener: (status: SaveStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setStatus(status: SaveStatus): void {
    if (status === this.statusValue) return;
    this.statusValue = status;
    for (const listener of this.listeners) listener(status);
  }

  /**
   * Opens the image's document: pending local work when there is some (then status `unsaved` and a
   * save is scheduled, against the version that work was based on), else the server's.
   */
  async start(): Promise<{ segments: Segment[]; version: number; restored: boolean }> {
    const pending = await this.options.store.load();
    if (pending) {
      this.versionValue = pending.baseVersion;
      this.revision++;
      this.setStatus('unsaved');
      this.schedule(0);
      return { segments: pending.segments, version: pending.baseVersion, restored: true };
    }
    const remote = await this.options.transport.get();
    this.versionValue = remote.version;
    this.setStatus('saved');
    return { segments: remote.segments, version: remote.version, restored: false };
  }

  /** The document changed: status `unsaved`, autosave after the quiet time. */
  markChanged(): void {
    this.revision++;
    this.refusalValue = null; // the changed document may be accepted
    if (this.statusValue === 'conflict') {
      // Nothing is sent until the user chooses, but the work is kept locally all the same.
      if (this.localTimer !== null) this.timers.clearTimeout(this.localTimer);
      this.localTimer = this.timers.setTimeout(() => {
        this.localTimer = null;
        void this.persistLocal();
      }, this.debounceMs);
      return;
    }
    if (!this.inFlight) this.setStatus('unsaved');
    this.schedule(this.debounceMs);
  }

  /**
   * Writes the current document to the local store now, if it has changes the server does not
   * hold (the page calls it on `pagehide` and `visibilitychange`).
   */
  async persistLocal(): Promise<void> {
    if (this.revision === this.savedRevision) return;
    await this.options.store.save({ baseVersion: this.versionValue, segments: this.options.snapshot() });
  }

  /** Ctrl+S: saves now (no-op in conflict: the user must choose). */
  saveNow(): Promise<void> {
    if (this.statusValue === 'conflict') return Promise.resolve();
    this.refusalValue = null;
    this.cancelTimer();
    return this.run();
  }

  /** The connection is back (the page listens to `online`): retries at once. */
  online(): Promise<void> {
    if (this.statusValue !== 'unsaved' || this.refusalValue !== null) return Promise.resolve();
    this.cancelTimer();
    return this.run();
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    if (this.inFlight) {
      // A save is in flight: the change is picked up when it ends.
      await this.inFlight;
      return;
    }
    if (this.revision === this.savedRevision || this.statusValue === 'conflict' || this.refusalValue !== null) return;
    this.inFlight = this.send();
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
    const waiting = this.offlineValue || this.refusalValue !== null;
    if (this.statusValue === 'unsaved' && !waiting && this.revision !== this.savedRevision) {
      this.schedule(this.debounceMs);
    }
  }

  private async send(): Promise<void> {
    const revision = this.revision;
    const segments = this.options.snapshot();
    const baseVersion = this.versionValue;
    this.setStatus('saving');
    // Kept locally before it leaves, so a reload or a dropped connection loses nothing.
    await this.options.store.save({ baseVersion, segments });
    let result: PutResult;
    try {
      result = await this.options.transport.put(baseVersion, segments);
    } catch {
      this.offlineValue = true;
      this.setStatus('unsaved');
      this.schedule(this.retryDelay);
      this.retryDelay = Math.min(this.maxRetryMs, this.retryDelay * 2);
      return;
    }
    this.offlineValue = false;
    this.retryDelay = this.retryMs;
    if (result.status === 'conflict') {
      this.conflictVersion = result.currentVersion;
      this.cancelTimer();
      this.setStatus('conflict');
      return;
    }
    if (result.status === 'refused') {
      // Kept locally (above) and unsaved; sent again after the next change or a saveNow().
      this.refusalValue = { code: result.code, message: result.message };
      this.cancelTimer();
      this.setStatus('unsaved');
      return;
    }
    this.versionValue = result.version;
    this.savedRevision = revision;
    if (this.revision === revision) {
      await this.options.store.clear();
      this.setStatus('saved');
    } else {
      this.setStatus('unsaved');
    }
  }

  /** Conflict, "reload theirs": drops local work and returns the server's document to show. */
  async reloadTheirs(): Promise<{ segments: Segment[]; version: number }> {
    this.cancelTimer();
    if (this.localTimer !== null) this.timers.clearTimeout(this.localTimer);
    this.localTimer = null;
    const remote = await this.options.transport.get();
    await this.options.store.clear();
    this.versionValue = remote.version;
    this.conflictVersion = null;
    this.savedRevision = this.revision;
    this.setStatus('saved');
    return remote;
  }

  /**
   * Conflict, "keep mine": saves the current document on top of the server's current version, as a
   * new version (their version stays in the history and can be restored).
   */
  async keepMine(): Promise<void> {
    if (this.statusValue !== 'conflict' || this.conflictVersion === null) return;
    this.versionValue = this.conflictVersion;
    this.conflictVersion = null;
    this.savedRevision = -1; // force a send even without new changes
    this.setStatus('unsaved');
    this.cancelTimer();
    await this.run();
  }
}
