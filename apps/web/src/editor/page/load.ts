/**
 * Opening an image in the editor: the project (its type and classes), the image record and pixels,
 * and the caller's document through the save controller (local unsaved work first, else the server's).
 */
import { Editor, EditorDocument, type EditorMode, SaveController, type Segment } from '@segkit/editor';
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
}

/** A document and its editor over saved segments, the brush settings carried over from `previous`. */
export function openSession(project: Project, image: Image, segments: Segment[], previous?: Editor): EditorSession {
  const document = EditorDocument.fromSegments(segments, {
    mode: project.type as EditorMode,
    width: image.width,
    height: image.height,
    classes: project.classes.map((c) => ({ id: c.id, name: c.name, isThing: c.isthing })),
  });
  const editor = new Editor({ document, classId: previous?.classId ?? undefined });
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
  const save = new SaveController({
    transport: annotationTransport(imageId),
    store: indexedDbStore(userId, imageId),
    snapshot,
  });
  // The document is read and built while the image downloads and decodes (createImageBitmap decodes
  // off the main thread), not after it.
  const opened = Promise.all([
    api.get<Project>(`/api/projects/${projectId}`),
    api.get<{ images: Image[] }>(`/api/projects/${projectId}/images`),
    save.start(),
  ]).then(([project, images, start]) => {
    const image = images.images.find((candidate) => candidate.id === imageId);
    if (image === undefined) throw new Error(`image ${imageId} is not in project ${projectId}`);
    performance.mark('segkit:editor-document-start');
    const session = openSession(project, image, start.segments);
    // Benchmarks split the first render at these marks (bench/editor.mjs).
    performance.mark('segkit:editor-document');
    return { project, image, session, restored: start.restored };
  });
  const [{ project, image, session, restored }, bitmap] = await Promise.all([opened, loadBitmap(imageId)]);
  performance.mark('segkit:editor-loaded');
  return { project, image, bitmap, save, session, restored };
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
