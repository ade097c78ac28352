import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { DeferredSync } from './annotations.js';
import type { Database } from './schema.js';

/**
 * SQLite in WAL mode, with the fsync of a commit taken off the event loop.
 *
 * Why: with `synchronous=FULL` every COMMIT fsyncs the WAL inside better-sqlite3's synchronous call,
 * which holds the one JavaScript thread for the whole disk flush (2 ms idle, 10 ms and more with the
 * disk shared; `bench:server` measured 10.7 ms per COMMIT under load), and every request waits.
 *
 * How, and why it is as durable: the save queue's transactions commit with `synchronous=NORMAL` (the
 * frames are written to the WAL, not yet flushed) and then call `flush()`, which fdatasyncs the WAL
 * file on libuv's thread pool and resolves after it; a save is acknowledged only then. That is the
 * same flush FULL makes after appending a commit's frames (SQLite's unixSync on the `-wal` file, and
 * once the directory that holds it), made from another descriptor of the same file: fdatasync
 * flushes the file, not the descriptor. The WAL is appended in commit order and a flush covers every
 * frame written before it started, so an acknowledged save also has every earlier commit on disk.
 * Every other transaction keeps `synchronous=FULL` (the pragma is set back before the connection is
 * released). What changes: a version is readable for the milliseconds between its COMMIT and its
 * flush, before it is acknowledged; a power cut in that window loses it, as it would lose a save whose
 * answer had not been sent.
 *
 * Flushes coalesce: a request made while one runs is served by the next one, which starts when the
 * running one ends and covers every commit made meanwhile.
 */
export function walSync(databasePath: string): DeferredSync & { close(): Promise<void> } {
  // The WAL stays open for the flushes: each flush is then one call on the thread pool, whose answer
  // waits for a turn of the busy event loop (open, sync, close made three such waits: 15 ms a flush
  // under bench:server, for a 0.3 ms fdatasync). SQLite keeps the file while its connection is open.
  let wal: FileHandle | undefined; // one run at a time (Coalesced), so no race on opening it
  const flushes = new Coalesced(async () => {
    if (wal === undefined) {
      const file = await open(`${databasePath}-wal`, 'r');
      try {
        // FULL syncs the folder once after creating the WAL, so that the file itself survives.
        const folder = await open(dirname(databasePath), 'r');
        try {
          await folder.sync();
        } finally {
          await folder.close();
        }
      } catch (error) {
        await file.close();
        throw error;
      }
      wal = file;
    }
    await wal.datasync();
  });
  return {
    unsynced: (db, work) =>
      db.connection().execute(async (connection: Kysely<Database>) => {
        await sql`pragma synchronous = normal`.execute(connection);
        try {
          return await work(connection);
        } finally {
          await sql`pragma synchronous = full`.execute(connection);
        }
      }),
    flush: () => flushes.request(),
    close: async () => {
      await flushes.idle();
      await wal?.close();
      wal = undefined;
    },
  };
}

/** One action run again on request; a request made while it runs is served by the next run. */
class Coalesced {
  readonly #run: () => Promise<void>;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  constructor(run: () => Promise<void>) {
    this.#run = run;
  }

  request(): Promise<void> {
    if (this.#next !== undefined) return this.#next;
    if (this.#running === undefined) return this.#start();
    const start = () => {
      this.#next = undefined;
      return this.#start();
    };
    this.#next = this.#running.then(start, start);
    return this.#next;
  }

  /** Resolves when no run is going or waiting. */
  async idle(): Promise<void> {
    while (this.#next !== undefined || this.#running !== undefined) {
      await (this.#next ?? this.#running)?.catch(() => undefined);
    }
  }

  #start(): Promise<void> {
    const running = this.#run().finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }
}
