/**
 * The document's segments, top of the z-order first: select, hide, lock, delete, raise/lower, merge
 * into the selected one, split into connected parts. Each action is one undo step in the core.
 * Read-only: select and hide only (hiding changes what is shown, not the labels).
 */

import type { Project } from '../../api/types.js';
import type { EditorSession } from './load.js';

export function InstanceList({
  project,
  session,
  version,
  readOnly,
  onError,
}: {
  project: Project;
  session: EditorSession;
  /** Bumped when the document's segments changed. */
  version: number;
  /** Disables lock, raise, lower, merge, split and delete. */
  readOnly: boolean;
  onError: (error: unknown) => void;
}) {
  const { document: doc, editor } = session;
  const ids = doc.segmentIds().reverse();
  const classes = new Map(project.classes.map((c) => [c.id, c]));
  const selected = editor.selectedId;
  const act = (fn: () => unknown) => () => {
    try {
      fn();
    } catch (error) {
      onError(error);
    }
  };
  return (
    <section data-testid="instance-list" data-version={version}>
      <h3>
        {project.type === 'semantic' ? 'Segments' : 'Instances'} ({ids.length})
      </h3>
      {ids.length === 0 && <p className="muted small">Nothing labelled yet.</p>}
      <ol className="instances">
        {ids.map((id) => {
          const info = doc.segmentInfo(id)!;
          const cls = classes.get(info.categoryId);
          const other =
            selected !== null && selected !== id && doc.segmentInfo(selected)?.categoryId === info.categoryId;
          return (
            <li key={id} className={id === selected ? 'selected' : ''} data-testid={`instance-${id}`}>
              <button type="button" className="name" onClick={() => editor.select(id === selected ? null : id)}>
                <span className="swatch" style={{ background: cls?.color ?? '#888' }} /> {cls?.name ?? info.categoryId}{' '}
                #{id}
              </button>
              <button
                type="button"
                title={info.hidden ? 'show' : 'hide'}
                onClick={act(() => doc.setHidden(id, !info.hidden))}
              >
                {info.hidden ? 'show' : 'hide'}
              </button>
              <button
                type="button"
                title={info.locked ? 'unlock' : 'lock'}
                disabled={readOnly}
                onClick={act(() => doc.setLocked(id, !info.locked))}
              >
                {info.locked ? 'unlock' : 'lock'}
              </button>
              <button type="button" title="raise" disabled={readOnly} onClick={act(() => doc.raise(id))}>
                ↑
              </button>
              <button type="button" title="lower" disabled={readOnly} onClick={act(() => doc.lower(id))}>
                ↓
              </button>
              {other && !readOnly && (
                <button
                  type="button"
                  title="merge into the selected one"
                  onClick={act(() => doc.merge(selected, [id]))}
                >
                  merge
                </button>
              )}
              <button
                type="button"
                title="split into connected parts"
                disabled={readOnly}
                onClick={act(() => doc.split(id))}
              >
                split
              </button>
              <button
                type="button"
                title="delete"
                disabled={readOnly}
                onClick={act(() => {
                  doc.deleteSegment(id);
                  if (editor.selectedId === id) editor.select(null);
                })}
                data-testid={`delete-${id}`}
              >
                ✕
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
