import { describe, expect, it } from 'vitest';
import {
  type LocalStore,
  type PendingWork,
  type PutResult,
  SaveController,
  type Segment,
  type Timers,
} from '../src/index.js';

/** A clock the test moves by hand. */
class ManualTimers implements Timers {
  now = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.push({ at: this.now + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  get pending(): number {
    return this.queue.length;
  }
  /** Advances the clock, running due timers, and lets promises settle. */
  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= this.now).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      due.fn();
      await settle();
    }
    await settle();
  }
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

/** The server's side of the protocol, as api.md pins it: versions, 409 on a stale baseVersion. */
class FakeServer {
  version = 0;
  segments: Segment[] = [];
  online = true;
  puts: number[] = [];
  /** A refusal every PUT gets while set (a 403 or 422: not a conflict, not the network). */
  refuse: { code: string; message: string } | null = null;
  transport = {
    get: async () => {
      if (!this.online) throw new Error('network down');
      return { version: this.version, segments: this.segments };
    },
    put: async (baseVersion: number, segments: Segment[]): Promise<PutResult> => {
      if (!this.online) throw new Error('network down');
      this.puts.push(baseVersion);
      if (this.refuse) return { status: 'refused', ...this.refuse };
      if (baseVersion !== this.version) return { status: 'conflict', currentVersion: this.version };
      this.version++;
      this.segments = segments;
      return { status: 'ok', version: this.version };
    },
  };
  /** Someone else saves. */
  saveFromElsewhere(segments: Segment[]): void {
    this.version++;
    this.segments = segments;
  }
}

class MemoryStore implements LocalStore {
  work: PendingWork | undefined;
  async load() {
    return this.work;
  }
  async save(work: PendingWork) {
    this.work = work;
  }
  async clear() {
    this.work = undefined;
  }
}

const seg = (id: number): Segment => ({ id, categoryId: 1, segmentation: { size: [1, 1], counts: '01' } });

function setup(server = new FakeServer(), store = new MemoryStore()) {
  const timers = new ManualTimers();
  let doc: Segment[] = [];
  const statuses: string[] = [];
  const controller = new SaveController({
    transport: server.transport,
    store,
    snapshot: () => doc,
    debounceMs: 1000,
    retryMs: 500,
    timers,
  });
  controller.onStatus((s) => statuses.push(s));
  const edit = (segments: Segment[]) => {
    doc = segments;
    controller.markChanged();
  };
  const setDoc = (segments: Segment[]) => {
    doc = segments;
  };
  return { server, store, timers, controller, edit, statuses, setDoc };
}

describe('SaveController', () => {
  it('start() loads the server document; a change is unsaved, then autosaved after the quiet time', async () => {
    const server = new FakeServer();
    server.saveFromElsewhere([seg(1)]);
    const { controller, edit, timers, statuses } = setup(server);
    const opened = await controller.start();
    expect(opened).toEqual({ segments: [seg(1)], version: 1, restored: false });
    expect(controller.status).toBe('saved');
    edit([seg(1), seg(2)]);
    expect(controller.status).toBe('unsaved');
    await timers.advance(900);
    expect(server.puts).toEqual([]);
    edit([seg(2)]); // restarts the quiet time
    await timers.advance(900);
    expect(server.puts).toEqual([]);
    await timers.advance(100);
    expect(server.puts).toEqual([1]);
    expect(server.segments).toEqual([seg(2)]);
    expect(controller.status).toBe('saved');
    expect(controller.version).toBe(2);
    expect(statuses).toEqual(['unsaved', 'saving', 'saved']);
  });

  it('saveNow() (Ctrl+S) saves without waiting', async () => {
    const { controller, edit, server } = setup();
    await controller.start();
    edit([seg(1)]);
    await controller.saveNow();
    expect(server.puts).toEqual([0]);
    expect(controller.status).toBe('saved');
  });

  it('a change while a save is in flight is saved next, on top of the new version', async () => {
    const { controller, edit, server, timers } = setup();
    await controller.start();
    edit([seg(1)]);
    const saving = controller.saveNow();
    expect(controller.status).toBe('saving');
    edit([seg(2)]);
    expect(controller.status).toBe('saving');
    await saving;
    expect(controller.status).toBe('unsaved');
    await timers.advance(1000);
    expect(server.puts).toEqual([0, 1]);
    expect(server.segments).toEqual([seg(2)]);
    expect(controller.status).toBe('saved');
  });

  it('a 409 enters conflict and sends nothing more; reloadTheirs() takes the server document', async () => {
    const { controller, edit, server, timers, store } = setup();
    await controller.start();
    server.saveFromElsewhere([seg(9)]);
    edit([seg(1)]);
    await timers.advance(1000);
    expect(controller.status).toBe('conflict');
    expect(controller.theirVersion).toBe(1);
    expect(server.segments).toEqual([seg(9)]); // never a silent overwrite
    edit([seg(1), seg(2)]);
    await timers.advance(5000);
    expect(server.puts).toEqual([0]);
    expect(controller.status).toBe('conflict');
    // Mine, with the change made during the conflict, is kept locally until the choice.
    expect(store.work).toEqual({ baseVersion: 0, segments: [seg(1), seg(2)] });
    const theirs = await controller.reloadTheirs();
    expect(theirs.segments).toEqual([seg(9)]);
    expect(controller.status).toBe('saved');
    expect(controller.version).toBe(1);
    expect(store.work).toBeUndefined();
  });

  it('keepMine() saves mine on top of the current version as a new version', async () => {
    const { controller, edit, server, timers } = setup();
    await controller.start();
    server.saveFromElsewhere([seg(9)]);
    edit([seg(1)]);
    await timers.advance(1000);
    expect(controller.status).toBe('conflict');
    await controller.keepMine();
    expect(server.puts).toEqual([0, 1]);
    expect(server.version).toBe(2);
    expect(server.segments).toEqual([seg(1)]);
    expect(controller.status).toBe('saved');
  });

  it('offline: the work stays unsaved and local, is retried with backoff, and sent when the connection returns', async () => {
    const { controller, edit, server, timers, store } = setup();
    await controller.start();
    server.online = false;
    edit([seg(1)]);
    await timers.advance(1000);
    expect(controller.status).toBe('unsaved');
    expect(controller.offline).toBe(true);
    expect(store.work).toEqual({ baseVersion: 0, segments: [seg(1)] });
    await timers.advance(500); // first retry, still down
    await timers.advance(1000); // second retry (doubled), still down
    expect(controller.status).toBe('unsaved');
    server.online = true;
    await controller.online();
    expect(controller.status).toBe('saved');
    expect(controller.offline).toBe(false);
    expect(server.segments).toEqual([seg(1)]);
    expect(store.work).toBeUndefined();
  });

  it('a refused save (403, 422) stays unsaved and local with its reason, is not retried on a timer, and is sent again on the next change or saveNow()', async () => {
    const { controller, edit, server, timers, store } = setup();
    await controller.start();
    server.refuse = { code: 'FORBIDDEN', message: 'reviewers do not write documents' };
    edit([seg(1)]);
    await timers.advance(1000);
    expect(server.puts).toEqual([0]);
    expect(controller.status).toBe('unsaved');
    expect(controller.offline).toBe(false);
    expect(controller.refusal).toEqual({ code: 'FORBIDDEN', message: 'reviewers do not write documents' });
    expect(store.work).toEqual({ baseVersion: 0, segments: [seg(1)] });
    await timers.advance(60_000);
    await controller.online(); // not a network failure: the connection coming back sends nothing
    expect(server.puts).toEqual([0]);
    expect(timers.pending).toBe(0);
    edit([seg(2)]); // the next change is sent, and refused again
    expect(controller.refusal).toBeNull();
    await timers.advance(1000);
    expect(server.puts).toEqual([0, 0]);
    expect(controller.refusal).not.toBeNull();
    server.refuse = null;
    await controller.saveNow(); // Ctrl+S tries again
    expect(server.puts).toEqual([0, 0, 0]);
    expect(controller.status).toBe('saved');
    expect(controller.refusal).toBeNull();
    expect(server.segments).toEqual([seg(2)]);
    expect(store.work).toBeUndefined();
  });

  it('a reload with unsaved work restores it from the local store and sends it', async () => {
    const server = new FakeServer();
    const store = new MemoryStore();
    const first = setup(server, store);
    await first.controller.start();
    server.online = false;
    first.edit([seg(3)]);
    await first.timers.advance(1000);
    // The page is reloaded while offline; the connection comes back.
    server.online = true;
    const second = setup(server, store);
    const opened = await second.controller.start();
    expect(opened).toEqual({ segments: [seg(3)], version: 0, restored: true });
    second.setDoc(opened.segments); // the page builds its document from them
    expect(second.controller.status).toBe('unsaved');
    await second.timers.advance(0);
    expect(server.segments).toEqual([seg(3)]);
    expect(second.controller.status).toBe('saved');
  });

  it('restored work based on a version someone else has since replaced ends in conflict, not an overwrite', async () => {
    const server = new FakeServer();
    const store = new MemoryStore();
    store.work = { baseVersion: 0, segments: [seg(3)] };
    server.saveFromElsewhere([seg(9)]);
    const { controller, timers } = setup(server, store);
    await controller.start();
    await timers.advance(0);
    expect(controller.status).toBe('conflict');
    expect(server.segments).toEqual([seg(9)]);
  });
});
