/**
 * The document's segments, top of the z-order first: select, hide, lock, delete, raise/lower, merge
 * into the selected one, split into connected parts. Each action is one undo step in the core.
 *
 * Rows are memoized on what they show, so a change to one segment (a stroke, an undo) re-renders that
 * row, not all of them: with 300 instances a whole-list render and its layout cost more than the
 * undo itself (bench:editor). Rows off screen skip layout (`content-visibility` in styles.css).
 * Read-only: select and hide only (hiding changes what is shown, not the labels).
 */

import { memo, useRef } from 'react';
import type { Project } from '../../api/types.js';
import type { EditorSession } from './load.js';

type Action = 'select' | 'hide' | 'lock' | 'raise' | 'lower' | 'merge' | 'split' | 'delete';

export const InstanceList = memo(function InstanceList({
  project,
  session,
  version,
  selected,
  readOnly,
  onError,
}: {
  project: Project;
  session: EditorSession;
  /** Bumped when the document's segments changed. */
  version: number;
  /** The selected segment (the list is memoized: a selection change must reach it as a prop). */
  selected: number | null;
  /** Disables lock, raise, lower, merge, split and delete. */
  readOnly: boolean;
  onError: (error: unknown) => void;
}) {
  const doc = session.document;
  const ids = doc.segmentIds().reverse();
  const classes = new Map(project.classes.map((c) => [c.id, c]));
  const selectedClass = selected === null ? undefined : doc.segmentInfo(selected)?.categoryId;
  // One handler for every row, reading the latest session through a ref: rows stay memoized.
  const latest = useRef({ session, onError });
  latest.current = { session, onError };
  const act = useRef((id: number, action: Action) => {
    const { session: current, onError: report } = latest.current;
    const { document: d, editor: e } = current;
    try {
      const info = d.segmentInfo(id);
      if (info === undefined) return;
      if (action === 'select') e.select(e.selectedId === id ? null : id);
      else if (action === 'hide') d.setHidden(id, !info.hidden);
      else if (action === 'lock') d.setLocked(id, !info.locked);
      else if (action === 'raise') d.raise(id);
      else if (action === 'lower') d.lower(id);
      else if (action === 'merge' && e.selectedId !== null) d.merge(e.selectedId, [id]);
      else if (action === 'split') d.split(id);
      else if (action === 'delete') {
        d.deleteSegment(id);
        if (e.selectedId === id) e.select(null);
      }
    } catch (error) {
      report(error);
    }
  }).current;
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
          return (
            <InstanceRow
              key={id}
              id={id}
              name={cls?.name ?? String(info.categoryId)}
              color={cls?.color ?? '#888'}
              hidden={info.hidden}
              locked={info.locked}
              selected={id === selected}
              mergeable={selected !== null && selected !== id && selectedClass === info.categoryId}
              readOnly={readOnly}
              act={act}
            />
          );
        })}
      </ol>
    </section>
  );
});

const InstanceRow = memo(function InstanceRow(props: {
  id: number;
  name: string;
  color: string;
  hidden: boolean;
  locked: boolean;
  selected: boolean;
  mergeable: boolean;
  readOnly: boolean;
  act: (id: number, action: Action) => void;
}) {
  const { id, name, color, hidden, locked, selected, mergeable, readOnly, act } = props;
  return (
    <li className={selected ? 'selected' : ''} data-testid={`instance-${id}`}>
      <button type="button" className="name" onClick={() => act(id, 'select')}>
        <span className="swatch" style={{ background: color }} /> {name} #{id}
      </button>
      <button type="button" title={hidden ? 'show' : 'hide'} onClick={() => act(id, 'hide')}>
        {hidden ? 'show' : 'hide'}
      </button>
      <button type="button" title={locked ? 'unlock' : 'lock'} disabled={readOnly} onClick={() => act(id, 'lock')}>
        {locked ? 'unlock' : 'lock'}
      </button>
      <button type="button" title="raise" disabled={readOnly} onClick={() => act(id, 'raise')}>
        ↑
      </button>
      <button type="button" title="lower" disabled={readOnly} onClick={() => act(id, 'lower')}>
        ↓
      </button>
      {mergeable && !readOnly && (
        <button type="button" title="merge into the selected one" onClick={() => act(id, 'merge')}>
          merge
        </button>
      )}
      <button type="button" title="split into connected parts" disabled={readOnly} onClick={() => act(id, 'split')}>
        split
      </button>
      <button
        type="button"
        title="delete"
        disabled={readOnly}
        onClick={() => act(id, 'delete')}
        data-testid={`delete-${id}`}
      >
        ✕
      </button>
    </li>
  );
});
