/**
 * The editor's workspace: the canvas (EditorCanvas, the one module touching a canvas) fed by the
 * headless core (@segkit/editor: document, tools, history, save protocol), the toolbar, the panels.
 *
 * Wiring:
 * - pointer: EditorCanvas converts each PointerEvent and every coalesced one to image coordinates
 *   (fractional); each goes to the core in order (`pointerMove` per coalesced point).
 * - keys: window-wide, except while a text or number field has the focus (keys.ts); `?` shows help.
 * - labels: the document is the renderer's label source; its change listener forwards dirty
 *   rectangles to the canvas, rebuilds the palette when segments changed, and marks the save
 *   controller changed (autosave after a quiet time; Ctrl+S saves now).
 * - saving: IndexedDB keeps unsaved work (save-io.ts); `online` retries at once; `pagehide` and a
 *   hidden tab write the local copy; a 409 shows the conflict bar (reload theirs, keep mine).
 * - read-only (a caller who may not save, such as a reviewer; `opened.readOnly`): the core refuses
 *   every label change (`Editor.readOnly`), the toolbar and the instance list disable what would
 *   change labels, nothing is saved or kept locally, the save status reads `read-only`, and a banner
 *   says why and leads to the review view.
 */
import type { Segment } from '@segkit/editor';
import { type RefObject, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import type { Project, ReviewComment, User } from '../../api/types.js';
import { CommentList } from '../../components/CommentList.js';
import { pinClass } from '../../components/CommentPins.js';
import { DocumentPicker } from '../../components/DocumentPicker.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { commentsFor, visiblePins } from '../../lib/comments.js';
import { useLoad } from '../../lib/use-load.js';
import { Link, navigate } from '../../router.js';
import { EditorCanvas, type EditorCanvasHandle, type ImagePointer } from '../EditorCanvas.js';
import { imageToCss, MAX_ZOOM, zoomAt } from '../render/camera.js';
import { sourcePixels } from '../render/image-source.js';
import { buildPalette } from '../render/palette.js';
import type { Camera, Rect, RenderStyle } from '../render/types.js';
import { InstanceList } from './InstanceList.js';
import { isTyping, SHORTCUTS } from './keys.js';
import { LintPanel } from './LintPanel.js';
import { type EditorSession, type Opened, openSession } from './load.js';
import { saveRefusals } from './save-io.js';
import { Toolbar } from './Toolbar.js';

export interface WorkspaceProps {
  opened: Opened;
  initialCamera: Camera | undefined;
  snapshot: RefObject<() => Segment[]>;
  me: User;
}

/** What the toolbar shows of the editor's state; the page re-renders only when it changes. */
function uiKey(session: EditorSession): string {
  const e = session.editor;
  const preview = e.getPath() === 'root.polygon.drawing' ? e.root.polygon.preview : null;
  return [
    e.toolId,
    e.classId,
    e.selectedId,
    e.brush.size,
    e.brush.shape,
    e.eraser.size,
    e.eraser.shape,
    e.polygonVertices.join(','),
    e.polygonSelectedVertex,
    preview ? `${preview.x},${preview.y}` : '',
    e.lassoPath.length,
    e.lassoPreview
      ? `${e.lassoPreview.length}:${e.lassoPreview[e.lassoPreview.length - 2]},${e.lassoPreview[e.lassoPreview.length - 1]}`
      : '',
    e.paintBehind,
    e.wandTolerance,
  ].join('|');
}

export function Workspace({ opened, initialCamera, snapshot, me }: WorkspaceProps) {
  const { project, image, bitmap, save, readOnly } = opened;
  const [session, setSession] = useState<EditorSession>(opened.session);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  snapshot.current = () => sessionRef.current.document.toSegments();
  const canvas = useRef<EditorCanvasHandle>(null);
  const [, setUi] = useState('');
  const [segmentsVersion, setSegmentsVersion] = useState(0);
  const [status, setStatus] = useState(save.status);
  const [offline, setOffline] = useState(false);
  const [camera, setCamera] = useState<Camera | undefined>(initialCamera);
  const [hiddenClasses, setHiddenClasses] = useState<ReadonlySet<number>>(new Set());
  const [opacity, setOpacity] = useState(0.5);
  const [outline, setOutline] = useState(false);
  const [grid, setGrid] = useState(true);
  const [help, setHelp] = useState(false);
  const [ready, setReady] = useState(false);
  /** The editor that holds the image's pixels (the wand and the lasso work from then on). */
  const [imagePixels, setImagePixels] = useState<unknown>(null);
  const [error, setError] = useState<unknown>();
  /** false until this document went to the renderer, then true, then 'done' after its first frame. */
  const armed = useRef<boolean | 'done'>(false);
  const rectListener = useRef<((rect: Rect) => void) | null>(null);
  const { document: doc, editor } = session;
  // The core turns the polygon's 4-CSS-pixel close distance (and Alt's vertex reach) into image pixels
  // with its zoom: it follows the camera from the start, a camera given in the URL included (that one
  // reaches the canvas without an onCameraChange).
  useLayoutEffect(() => {
    if (camera !== undefined) editor.zoom = camera.zoom;
  }, [editor, camera]);

  // ---- The core's events -----------------------------------------------------------------------

  useEffect(() => {
    const update = () => setUi(uiKey(sessionRef.current));
    const offState = editor.onStateChange(() => {
      update();
      updateFootprint();
    });
    const offChange = doc.onChange((rects, ids) => {
      for (const rect of rects) rectListener.current?.(rect);
      if (ids.length > 0) setSegmentsVersion((v) => v + 1);
      // Read-only: the labels never change; hiding a segment is the one edit, and it is not saved.
      if (!readOnly) save.markChanged();
    });
    if (!readOnly) editor.onSave = () => void save.saveNow();
    update();
    return () => {
      offState();
      offChange();
    };
    // updateFootprint reads refs only.
  }, [doc, editor, save, readOnly]);

  /** The cursor footprint, drawn by the renderer directly: no React render per pointer pixel. */
  const lastFootprint = useRef('');
  const updateFootprint = () => {
    const fp = sessionRef.current.editor.cursorFootprint();
    const key = fp === null ? '' : `${fp.x},${fp.y},${fp.width},${fp.height},${fp.data.length}`;
    const renderer = canvas.current?.renderer();
    if (renderer === null || renderer === undefined || key === lastFootprint.current) return;
    lastFootprint.current = key;
    renderer.setFootprint(fp === null ? null : { x: fp.x, y: fp.y, width: fp.width, height: fp.height, mask: fp.data });
    // Only a frame: the renderer redraws the old and new footprint's pixels (invalidating a label pixel
    // here made the Canvas 2D backend recompose the box from it to the cursor, every pointer move).
    canvas.current?.redraw();
  };

  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(
    () =>
      save.onStatus((next) => {
        setStatus(next);
        if (next === 'saved') setRefusal(null);
      }),
    [save],
  );
  useEffect(() => {
    const refused = (event: Event) => setRefusal((event as CustomEvent<Error>).detail.message);
    saveRefusals.addEventListener('refused', refused);
    return () => saveRefusals.removeEventListener('refused', refused);
  }, []);

  // ---- Saving: connection, leaving the page ----------------------------------------------------

  useEffect(() => {
    if (readOnly) return;
    const online = () => {
      setOffline(false);
      void save.online();
    };
    const offlineNow = () => setOffline(true);
    const persist = () => void save.persistLocal();
    const hidden = () => {
      if (document.visibilityState === 'hidden') persist();
    };
    window.addEventListener('online', online);
    window.addEventListener('offline', offlineNow);
    window.addEventListener('pagehide', persist);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offlineNow);
      window.removeEventListener('pagehide', persist);
      document.removeEventListener('visibilitychange', hidden);
    };
  }, [save, readOnly]);

  const reloadTheirs = async () => {
    try {
      const remote = await save.reloadTheirs();
      setSession(openSession(project, image, remote.segments, sessionRef.current.editor));
    } catch (caught) {
      setError(caught);
    }
  };

  // ---- Keys ------------------------------------------------------------------------------------

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.defaultPrevented) return;
      if (event.key === '?') {
        setHelp((shown) => !shown);
        event.preventDefault();
        return;
      }
      if (event.key === 'Escape' && help) setHelp(false);
      const used = sessionRef.current.editor.keyDown(event.key, {
        shift: event.shiftKey,
        ctrl: event.ctrlKey,
        meta: event.metaKey,
        alt: event.altKey,
      });
      if (used) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help]);

  // ---- Pointer ---------------------------------------------------------------------------------

  const onImagePointer = useCallback((pointer: ImagePointer) => {
    const ed = sessionRef.current.editor;
    const last = pointer.points[pointer.points.length - 1];
    if (last === undefined) return;
    try {
      if (pointer.kind === 'down') {
        // Alt: drag or insert a vertex of the closed polygon (the core's vertex editing).
        if (pointer.button === 0) ed.pointerDown(last.x, last.y, { alt: pointer.altKey, shift: pointer.shiftKey });
      } else if (pointer.kind === 'move') {
        for (const point of pointer.points) ed.pointerMove(point.x, point.y);
      } else if (pointer.kind === 'up' || pointer.kind === 'cancel') {
        if (pointer.button === 0) ed.pointerUp(last.x, last.y);
      } else if (pointer.buttons === 0) {
        ed.cursor = null;
        ed.notify();
      }
    } catch (caught) {
      setError(caught);
    }
    updateFootprint();
  }, []);

  const subscribe = useCallback((listener: (rect: Rect) => void) => {
    rectListener.current = listener;
    return () => {
      if (rectListener.current === listener) rectListener.current = null;
    };
  }, []);

  // ---- What the renderer draws -----------------------------------------------------------------

  const palette = useMemo(
    () =>
      buildPalette(
        doc.segmentIds().map((id) => {
          const info = doc.segmentInfo(id)!;
          return { id, categoryId: info.categoryId, hidden: info.hidden };
        }),
        project.classes.map((c) => ({ id: c.id, color: c.color, hidden: hiddenClasses.has(c.id) })),
      ),
    [doc, segmentsVersion, hiddenClasses, project.classes],
  );

  const style = useMemo<Partial<RenderStyle>>(
    () => ({ opacity, outline, grid, selectedId: editor.selectedId ?? 0 }),
    [opacity, outline, grid, editor.selectedId],
  );

  // The first frame drawn after the image and this document went to the renderer: ready.
  useEffect(() => {
    armed.current = true;
  }, [doc]);

  const onFrame = useCallback(() => {
    if (!armed.current) return;
    // Once per document: benchmarks time the first render from this mark.
    if (armed.current !== 'done') performance.mark('segkit:editor-ready');
    armed.current = 'done';
    setReady(true);
  }, []);

  // The wand and the lasso read the image's own pixels; read once the first frame is up.
  useEffect(() => {
    if (!ready || editor.image !== null) return;
    const handle = setTimeout(() => {
      try {
        editor.setImage(sourcePixels(bitmap), bitmap.width, bitmap.height);
        setImagePixels(editor);
      } catch (caught) {
        setError(caught);
      }
    }, 0);
    return () => clearTimeout(handle);
  }, [ready, editor, bitmap]);

  const onCameraChange = useCallback((next: Camera) => {
    sessionRef.current.editor.zoom = next.zoom;
    setCamera({ ...next });
  }, []);

  const zoomBy = (factor: number) => {
    const handle = canvas.current;
    if (!handle) return;
    const cam = handle.camera();
    const box = (document.querySelector('[data-testid="editor-canvas"]') as HTMLElement).getBoundingClientRect();
    handle.setCamera(zoomAt(cam, box.width / 2, box.height / 2, factor === 0 ? 1 : cam.zoom * factor));
  };

  /** Zooms to a box of image pixels [x, y, w, h] (a lint finding). */
  const zoomTo = (box: readonly [number, number, number, number]) => {
    const handle = canvas.current;
    const element = document.querySelector('[data-testid="editor-canvas"]') as HTMLElement | null;
    if (!handle || !element) return;
    const view = element.getBoundingClientRect();
    const w = Math.max(1, box[2]);
    const h = Math.max(1, box[3]);
    const zoom = Math.min(MAX_ZOOM, (0.8 * view.width) / w, (0.8 * view.height) / h);
    handle.setCamera({
      zoom,
      x: box[0] + w / 2 - view.width / (2 * zoom),
      y: box[1] + h / 2 - view.height / (2 * zoom),
    });
  };

  // ---- Comments about this document ------------------------------------------------------------

  const comments = useLoad(
    () => api.get<{ comments: ReviewComment[] }>(`/api/images/${image.id}/comments`),
    String(image.id),
  );
  const [selectedComment, setSelectedComment] = useState<number>();
  const [showResolved, setShowResolved] = useState(false);
  const allComments = comments.data?.comments ?? [];
  const shownComments = commentsFor(allComments, me.id);
  const replaceComment = (next: ReviewComment) =>
    comments.set({ comments: allComments.map((comment) => (comment.id === next.id ? next : comment)) });
  const dropComment = (id: number) => comments.set({ comments: allComments.filter((comment) => comment.id !== id) });
  const canChoose = project.role === 'manager' || project.role === 'reviewer';

  return (
    <div className="editor-shell" data-testid="editor" data-image-pixels={imagePixels === editor}>
      <div className="editor-top">
        <div className="editor-title">
          <Link href={`/projects/${project.id}`}>← {project.name}</Link>
          <strong data-testid="image-title">{image.fileName}</strong>
          <span className="muted">
            {image.width}×{image.height} · {project.type} · your document{readOnly ? ', read-only' : ''}
          </span>
          {canChoose && (
            <DocumentPicker
              project={project}
              value={undefined}
              onChange={(next) =>
                navigate(`/projects/${project.id}/images/${image.id}${next === undefined ? '' : `?user=${next}`}`)
              }
            />
          )}
          {readOnly ? (
            <span className="save-status read-only" data-testid="save-status">
              read-only
            </span>
          ) : (
            <span
              className={`save-status ${status}`}
              data-testid="save-status"
              data-offline={save.offline}
              data-connection={offline ? 'offline' : 'online'}
            >
              {status}
            </span>
          )}
          {refusal !== null && (
            <span className="save-refusal" data-testid="save-refusal" title={refusal}>
              not saved: {refusal}
            </span>
          )}
          {ready && (
            <span data-testid="editor-ready" className="muted small">
              ready
            </span>
          )}
        </div>
        <Toolbar
          project={project}
          editor={editor}
          readOnly={readOnly}
          zoom={camera?.zoom ?? 1}
          onZoom={zoomBy}
          onHelp={() => setHelp((shown) => !shown)}
        />
      </div>
      <div className="editor-stage">
        <EditorCanvas
          ref={canvas}
          image={bitmap}
          labels={doc}
          palette={palette}
          style={style}
          initialCamera={initialCamera}
          onCameraChange={onCameraChange}
          subscribe={subscribe}
          onImagePointer={onImagePointer}
          onFrame={onFrame}
        >
          {camera && (
            <PolygonOverlay
              vertices={editor.polygonVertices}
              preview={editor.getPath() === 'root.polygon.drawing' ? editor.root.polygon.preview : null}
              closed={editor.root.polygon.editing}
              selectedVertex={editor.polygonSelectedVertex}
              over={editor.polygonOverVertexLimit}
              camera={camera}
            />
          )}
          {camera && <LassoOverlay path={editor.lassoPath} preview={editor.lassoPreview} camera={camera} />}
          {camera &&
            visiblePins(shownComments, showResolved, selectedComment).map(({ comment, pin }) => {
              const at = imageToCss(camera, comment.x, comment.y);
              return (
                <span
                  key={comment.id}
                  className={pinClass(comment, selectedComment)}
                  style={{ left: at.x, top: at.y, pointerEvents: 'none' }}
                  title={comment.text}
                  data-testid="comment-pin"
                  data-id={comment.id}
                  data-resolved={comment.resolved}
                >
                  {pin}
                </span>
              );
            })}
        </EditorCanvas>
        {status === 'conflict' && (
          <div className="editor-conflict" data-testid="conflict">
            Someone saved this document meanwhile (version {save.theirVersion}).{' '}
            <button type="button" onClick={() => void reloadTheirs()} data-testid="conflict-reload">
              Reload theirs
            </button>{' '}
            <button type="button" onClick={() => void save.keepMine()} data-testid="conflict-keep">
              Keep mine as a new version
            </button>
          </div>
        )}
        {help && (
          <div className="editor-help" data-testid="shortcut-help">
            <h3>Shortcuts</h3>
            <table>
              <tbody>
                {SHORTCUTS.map(([keys, what]) => (
                  <tr key={keys}>
                    <td>
                      <kbd>{keys}</kbd>
                    </td>
                    <td>{what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <aside className="editor-side">
        {readOnly && <ReadOnlyBanner project={project} imageId={image.id} />}
        <ErrorNote error={error as Error | undefined} />
        <section>
          <h3>View</h3>
          <label className="control">
            Opacity{' '}
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={opacity}
              onChange={(e) => setOpacity(Number(e.target.value))}
              data-testid="opacity"
            />
          </label>
          <label className="control">
            <input
              type="checkbox"
              checked={outline}
              onChange={(e) => setOutline(e.target.checked)}
              data-testid="outline"
            />{' '}
            outline only
          </label>
          <label className="control">
            <input type="checkbox" checked={grid} onChange={(e) => setGrid(e.target.checked)} data-testid="grid" />{' '}
            pixel grid (from 8×)
          </label>
          <div className="class-visibility">
            {project.classes.map((c) => (
              <label key={c.id} className="control">
                <input
                  type="checkbox"
                  checked={!hiddenClasses.has(c.id)}
                  onChange={(e) => {
                    const next = new Set(hiddenClasses);
                    if (e.target.checked) next.delete(c.id);
                    else next.add(c.id);
                    setHiddenClasses(next);
                  }}
                  data-testid={`show-class-${c.id}`}
                />{' '}
                <span className="swatch" style={{ background: c.color }} /> {c.name}
              </label>
            ))}
          </div>
        </section>
        <InstanceList
          project={project}
          session={session}
          version={segmentsVersion}
          selected={editor.selectedId}
          readOnly={readOnly}
          onError={setError}
        />
        <LintPanel session={session} version={segmentsVersion} onZoom={zoomTo} />
        <section>
          <h3>Review comments</h3>
          <ErrorNote error={comments.error} />
          <CommentList
            comments={shownComments}
            project={project}
            me={me}
            selected={selectedComment}
            onSelect={setSelectedComment}
            onChanged={replaceComment}
            onDeleted={dropComment}
            showResolved={showResolved}
            onShowResolved={setShowResolved}
          />
        </section>
      </aside>
    </div>
  );
}

/**
 * Why the editor is read-only, and where reviewing happens: the review view of each member's
 * document of this image (`?user=ID`, the annotators and managers: those who save documents).
 */
function ReadOnlyBanner({ project, imageId }: { project: Project; imageId: number }) {
  const authors = (project.members ?? []).filter((m) => m.role === 'annotator' || m.role === 'manager');
  return (
    <div className="editor-read-only" data-testid="read-only-banner">
      Read-only: as a {project.role ?? 'non-member'} in this project you do not save documents, so nothing you do here
      changes labels. Review a document in the review view:{' '}
      {authors.length === 0
        ? 'no member saves documents yet.'
        : authors.map((member, index) => (
            <span key={member.id}>
              {index > 0 && ', '}
              <Link href={`/projects/${project.id}/images/${imageId}?user=${member.id}`} data-testid="review-link">
                {member.name}
              </Link>
            </span>
          ))}
    </div>
  );
}

/** The polygon being drawn or edited: vertices, edges, the rubber band to the pointer, the live vertex count. */
function PolygonOverlay({
  vertices,
  preview,
  closed,
  selectedVertex,
  over,
  camera,
}: {
  vertices: readonly number[];
  preview: { x: number; y: number } | null;
  closed: boolean;
  selectedVertex: number;
  over: boolean;
  camera: Camera;
}) {
  if (vertices.length === 0) return null;
  const corners = [];
  for (let i = 0; i < vertices.length; i += 2) corners.push(imageToCss(camera, vertices[i], vertices[i + 1]));
  const points = corners.map((p) => `${p.x},${p.y}`);
  if (preview) {
    const p = imageToCss(camera, preview.x, preview.y);
    points.push(`${p.x},${p.y}`);
  }
  const count = vertices.length / 2;
  const Shape = closed ? 'polygon' : 'polyline';
  return (
    <>
      <svg className="polygon-overlay" aria-hidden="true">
        <Shape points={points.join(' ')} fill="none" stroke="#fff" strokeWidth={1.5} />
        {corners.map((p, i) => (
          <circle
            key={`${p.x},${p.y},${i}`}
            cx={p.x}
            cy={p.y}
            r={i === 0 || i === selectedVertex ? 4 : 2.5}
            fill={i === selectedVertex ? '#ff0' : 'none'}
            stroke="#ff0"
          />
        ))}
      </svg>
      <span className="vertex-count" data-testid="vertex-count" data-over={over}>
        {count} vertices{over ? ' (over the 20-vertex test)' : ''}
      </span>
    </>
  );
}

/** The lasso's fixed outline and its live segment to the pointer, through pixel centres. */
function LassoOverlay({
  path,
  preview,
  camera,
}: {
  path: readonly number[];
  preview: Int32Array | null;
  camera: Camera;
}) {
  if (path.length === 0 && (preview === null || preview.length === 0)) return null;
  const line = (xy: ArrayLike<number>) => {
    const out: string[] = [];
    for (let i = 0; i < xy.length; i += 2) {
      const p = imageToCss(camera, xy[i] + 0.5, xy[i + 1] + 0.5);
      out.push(`${p.x},${p.y}`);
    }
    return out.join(' ');
  };
  return (
    <svg className="polygon-overlay" aria-hidden="true" data-testid="lasso-overlay">
      <polyline points={line(path)} fill="none" stroke="#fff" strokeWidth={1.5} />
      {preview && <polyline points={line(preview)} fill="none" stroke="#ff0" strokeWidth={1.5} />}
    </svg>
  );
}
