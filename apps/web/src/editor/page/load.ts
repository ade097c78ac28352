/**
 * Opening an image in the editor: the project (its type, classes and the caller's role), the image
 * record and pixels, and the caller's document: through the save controller (local unsaved work
 * first, else the server's) for a caller who saves, the server's as it is for one who may not
 * (a reviewer: the editor opens read-only, and nothing is saved or kept locally).
 */
import {
  Editor,
  EditorDocument,
  type EditorMode,
  type LocalStore,
  SaveController,
  type SaveTransport,
  type Segment,
} from '@segkit/editor';
import { api } from '../../api/client.js';
import type { Image, Project } from '../../api/types.js';
import { annotationTransport, indexedDbStore } from './save-io.js';

export interface EditorSession {
  document: EditorDocument;
  editor: Editor;
}

export interface Opened {
  project: Project;
  image: Image;
  bitmap: ImageBitmap;
  save: SaveController;
  session: EditorSession;
  /** The document came from the local store (work not yet on the server). */
  restored: boolean;
  /** The caller may not save documents here: the editor is read-only and `save` is never started. */
  readOnly: boolean;
}

/** Whether the caller saves their documents in the project (api.md: managers and annotators; admins act as managers). */
export function savesDocuments(project: Project): boolean {
  return project.role === 'manager' || project.role === 'annotator';
}

/** A document and its editor over saved segments, the brush settings carried over from `previous`. */
export function openSession(project: Project, image: Image, segments: Segment[], previous?: Editor): EditorSession {
  const document = EditorDocument.fromSegments(segments, {
    mode: project.type as EditorMode,
    width: image.width,
    height: image.height,
    classes: project.classes.map((c) => ({ id: c.id, name: c.name, isThing: c.isthing })),
  });
  const editor = new Editor({
    document,
    classId: previous?.classId ?? undefined,
    readOnly: !savesDocuments(project),
  });
  if (previous) {
    Object.assign(editor.brush, previous.brush);
    Object.assign(editor.eraser, previous.eraser);
    editor.setTool(previous.toolId);
  }
  return { document, editor };
}

// One open per image at a time: React's StrictMode runs effects twice in development, and two save
// controllers sending the same restored work would conflict with each other.
let inFlight: { key: string; promise: Promise<Opened> } | null = null;

export function openEditor(
  projectId: number,
  imageId: number,
  userId: number,
  snapshot: () => Segment[],
): Promise<Opened> {
  const key = `${projectId}:${imageId}:${userId}`;
  if (inFlight?.key === key) return inFlight.promise;
  const promise = open(projectId, imageId, userId, snapshot);
  inFlight = { key, promise };
  const done = () => {
    if (inFlight?.promise === promise) inFlight = null;
  };
  promise.then(done, done);
  return promise;
}

async function open(projectId: number, imageId: number, userId: number, snapshot: () => Segment[]): Promise<Opened> {
  // The role (in the project) decides how the document opens, but waiting for it would put a round
  // trip before the document's: the server's document and the local store are asked for at once
  // with the project, and the save controller, started once the role is known, gets those answers.
  const remote = annotationTransport(imageId);
  const local = indexedDbStore(userId, imageId);
  const remoteAhead = readAhead(() => remote.get());
  const localAhead = readAhead(() => local.load());
  const transport: SaveTransport = { ...remote, get: remoteAhead.take };
  const store: LocalStore = { ...local, load: localAhead.take };
  const save = new SaveController({ transport, store, snapshot });
  // The document is read and built while the image downloads and decodes (createImageBitmap decodes
  // off the main thread), not after it.
  const opened = Promise.all([
    api.get<Project>(`/api/projects/${projectId}`),
    api.get<{ images: Image[] }>(`/api/projects/${projectId}/images`),
  ]).then(async ([project, images]) => {
    const image = images.images.find((candidate) => candidate.id === imageId);
    if (image === undefined) throw new Error(`image ${imageId} is not in project ${projectId}`);
    const readOnly = !savesDocuments(project);
    const start = readOnly ? { ...(await remoteAhead.take()), restored: false } : await save.start();
    // Later reads (reload theirs after a conflict) ask again; an answer not taken is not kept.
    remoteAhead.drop();
    localAhead.drop();
    performance.mark('segkit:editor-document-start');
    const session = openSession(project, image, start.segments);
    // Benchmarks split the first render at these marks (bench/editor.mjs).
    performance.mark('segkit:editor-document');
    return { project, image, session, restored: start.restored, readOnly };
  });
  const [{ project, image, session, restored, readOnly }, bitmap] = await Promise.all([opened, loadBitmap(imageId)]);
  performance.mark('segkit:editor-loaded');
  return { project, image, bitmap, save, session, restored, readOnly };
}

/** `read` called now: `take()` answers with that request the first time, later ones read again; `drop()` forgets it. */
function readAhead<A>(read: () => Promise<A>): { take: () => Promise<A>; drop: () => void } {
  let ahead: Promise<A> | null = read();
  ahead.catch(() => undefined); // a failure is reported to the caller that takes it
  return {
    take: () => {
      const answer = ahead ?? read();
      ahead = null;
      return answer;
    },
    drop: () => {
      ahead = null;
    },
  };
}

/** The image's own pixels, without colour conversion or premultiplication (the magic wand reads them). */
async function loadBitmap(imageId: number): Promise<ImageBitmap> {
  const response = await fetch(`/api/images/${imageId}/file`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`GET /api/images/${imageId}/file answered ${response.status}`);
  const bitmap = await createImageBitmap(await response.blob(), {
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'none',
  });
  performance.mark('segkit:editor-image-decoded');
  return bitmap;
}
