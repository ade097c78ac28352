/**
 * The editor page: `/projects/{p}/images/{i}` opens the caller's own document of the image
 * (docs/editor.md). `?zoom=Z&x=X&y=Y` sets the camera exactly; without it the image is fitted.
 * It loads, then hands over to the workspace (editor/page/Workspace.tsx).
 */
import type { Segment } from '@segkit/editor';
import { useRef } from 'react';
import { ErrorNote } from '../components/ErrorNote.js';
import { openEditor } from '../editor/page/load.js';
import { Workspace } from '../editor/page/Workspace.js';
import type { Camera } from '../editor/render/types.js';
import { useLoad } from '../lib/use-load.js';
import { useUser } from '../session.js';

/** The camera a query names (`zoom` required, `x` and `y` default 0), or undefined. */
export function cameraOf(query: URLSearchParams): Camera | undefined {
  const zoom = Number(query.get('zoom'));
  if (!query.has('zoom') || !Number.isFinite(zoom) || zoom <= 0) return undefined;
  const x = Number(query.get('x') ?? 0);
  const y = Number(query.get('y') ?? 0);
  return { zoom, x: Number.isFinite(x) ? x : 0, y: Number.isFinite(y) ? y : 0 };
}

export function EditorPage({
  projectId,
  imageId,
  query,
}: {
  projectId: number;
  imageId: number;
  query: URLSearchParams;
}) {
  const me = useUser();
  // The save controller snapshots whatever document the workspace holds now (it changes on "reload theirs").
  const snapshot = useRef<() => Segment[]>(() => []);
  const opened = useLoad(
    () => openEditor(projectId, imageId, me.id, () => snapshot.current()),
    `${projectId}:${imageId}:${me.id}`,
  );
  if (opened.error) return <ErrorNote error={opened.error} />;
  if (opened.data === undefined) return <p className="muted">Loading the editor…</p>;
  return <Workspace opened={opened.data} initialCamera={cameraOf(query)} snapshot={snapshot} me={me} />;
}
