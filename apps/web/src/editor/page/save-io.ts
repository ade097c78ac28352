/**
 * The save controller's two outside parts in the browser (packages/editor SaveController): the
 * transport over `GET`/`PUT /api/images/{i}/annotation` (api.md "Annotations": a 409 answers
 * `currentVersion`), and the local store in IndexedDB, where work not yet on the server waits out a
 * reload or a dropped connection. One record per user and image.
 */
import type { LocalStore, PendingWork, PutResult, SaveTransport, Segment } from '@segkit/editor';
import { ApiError, api, csrfToken, LOGGED_OUT_EVENT } from '../../api/client.js';
import type { AnnotationDocument } from '../../api/types.js';

/**
 * Save refusals other than a conflict (403 for a reviewer, 422 for a document the server rejects):
 * the controller keeps the work unsaved and does not retry it on a timer (the next change or Ctrl+S
 * sends again); the page listens here to say why.
 * Each event is a CustomEvent whose detail is the ApiError.
 */
export const saveRefusals = new EventTarget();

export function annotationTransport(imageId: number): SaveTransport {
  const url = `/api/images/${imageId}/annotation`;
  return {
    async get() {
      const doc = await api.get<AnnotationDocument>(url);
      return { version: doc.version, segments: doc.segments as Segment[] };
    },
    async put(baseVersion: number, segments: Segment[]): Promise<PutResult> {
      // A network failure rejects here (fetch's TypeError): the controller keeps the work and retries.
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken() },
        body: JSON.stringify({ baseVersion, segments }),
        credentials: 'same-origin',
      });
      const body = (await response.json().catch(() => ({}))) as {
        version?: number;
        currentVersion?: number;
        error?: { code?: string; message?: string };
      };
      if (response.status === 409) return { status: 'conflict', currentVersion: body.currentVersion ?? baseVersion };
      if (!response.ok) {
        if (response.status === 401) window.dispatchEvent(new Event(LOGGED_OUT_EVENT));
        const refusal = new ApiError(
          response.status,
          body.error?.code ?? `HTTP_${response.status}`,
          body.error?.message ?? `PUT ${url} answered ${response.status}`,
        );
        saveRefusals.dispatchEvent(new CustomEvent('refused', { detail: refusal }));
        return { status: 'refused', code: refusal.code, message: refusal.message };
      }
      return { status: 'ok', version: body.version ?? baseVersion + 1 };
    },
  };
}

const DB_NAME = 'segkit-editor';
const STORE = 'pending';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

let db: Promise<IDBDatabase> | null = null;

async function withStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  db ??= openDb();
  const database = await db;
  return new Promise((resolve, reject) => {
    const tx = database.transaction(STORE, mode);
    const request = act(tx.objectStore(STORE));
    // Resolved once the transaction is durable, not when the request succeeds.
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Pending work of `userId` on `imageId`, kept in IndexedDB. */
export function indexedDbStore(userId: number, imageId: number): LocalStore {
  const key = `${userId}:${imageId}`;
  return {
    load: async () => (await withStore<PendingWork | undefined>('readonly', (s) => s.get(key))) ?? undefined,
    save: async (work) => {
      await withStore('readwrite', (s) => s.put(work, key));
    },
    clear: async () => {
      await withStore('readwrite', (s) => s.delete(key));
    },
  };
}
