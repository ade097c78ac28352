/**
 * The editor's toolbar: tools, the current tool's brush size and shape (brush and eraser keep their
 * own), the classes (keys 1..9 pick the first nine), new instance, paint behind, undo/redo and zoom.
 * Every control calls the core; the page re-renders when the core says its state changed. Read-only
 * (`Editor.readOnly`): every control that would change labels is disabled; select and zoom stay.
 */
import type { BrushShape, Editor, ToolId } from '@segkit/editor';
import type { Project } from '../../api/types.js';

const TOOLS: ReadonlyArray<readonly [ToolId, string, string]> = [
  ['brush', 'Brush', 'b'],
  ['eraser', 'Eraser', 'e'],
  ['polygon', 'Polygon', 'p'],
  ['fill', 'Fill', 'f'],
  ['wand', 'Wand', 'w'],
  ['lasso', 'Lasso', 'l'],
  ['select', 'Select', 'v'],
];

export function Toolbar({
  project,
  editor,
  readOnly,
  zoom,
  onZoom,
  onHelp,
}: {
  project: Project;
  editor: Editor;
  /** Disables what changes labels (the core refuses it anyway). */
  readOnly: boolean;
  zoom: number;
  /** A factor to zoom by around the view's centre; 0 for 1:1. */
  onZoom: (factor: number) => void;
  onHelp: () => void;
}) {
  const tool = editor.toolId;
  const stroke = tool === 'brush' || tool === 'eraser';
  const settings = editor.toolBrush;
  const instances = project.type !== 'semantic';
  return (
    <div className="editor-toolbar" data-testid="toolbar">
      <span className="group">
        {TOOLS.map(([id, label, key]) => (
          <button
            type="button"
            key={id}
            className={tool === id ? 'active' : ''}
            aria-pressed={tool === id}
            title={`${label} (${key})`}
            onClick={() => editor.setTool(id)}
            disabled={readOnly && id !== 'select'}
            data-testid={`tool-${id}`}
          >
            {label}
          </button>
        ))}
      </span>
      <span className="group">
        <label>
          Size{' '}
          <input
            type="number"
            min={1}
            max={512}
            value={settings.size}
            disabled={!stroke || readOnly}
            onChange={(e) => {
              const size = Number(e.target.value);
              if (Number.isFinite(size) && size >= 1) editor.setBrushSize(size);
            }}
            data-testid="brush-size"
          />
        </label>
        {tool === 'wand' && (
          <label title="Colour tolerance of the magic wand (image pixels, 0-255)">
            Tolerance{' '}
            <input
              type="number"
              min={0}
              max={255}
              value={editor.wandTolerance}
              onChange={(e) => {
                const value = Number(e.target.value);
                if (Number.isFinite(value) && value >= 0) {
                  editor.wandTolerance = Math.min(255, value);
                  editor.notify();
                }
              }}
              data-testid="wand-tolerance"
            />
          </label>
        )}
        <select
          value={settings.shape}
          disabled={!stroke || readOnly}
          onChange={(e) => editor.setBrushShape(e.target.value as BrushShape)}
          data-testid="brush-shape"
          aria-label="brush shape"
        >
          <option value="round">round</option>
          <option value="square">square</option>
        </select>
      </span>
      <span className="group classes">
        {project.classes.map((c, index) => (
          <button
            type="button"
            key={c.id}
            className={editor.classId === c.id ? 'active' : ''}
            aria-pressed={editor.classId === c.id}
            title={index < 9 ? `${c.name} (${index + 1})` : c.name}
            onClick={() => editor.setClass(c.id)}
            disabled={readOnly}
            data-testid={`class-${c.id}`}
          >
            <span className="swatch" style={{ background: c.color }} /> {c.name}
          </button>
        ))}
      </span>
      <span className="group">
        {instances && (
          <button
            type="button"
            onClick={() => editor.newInstance()}
            disabled={readOnly}
            title="New instance (n)"
            data-testid="new-instance"
          >
            New instance
          </button>
        )}
        <label title="Paint only unlabeled pixels">
          <input
            type="checkbox"
            checked={editor.paintBehind}
            disabled={readOnly}
            onChange={(e) => {
              editor.paintBehind = e.target.checked;
              editor.notify();
            }}
            data-testid="paint-behind"
          />{' '}
          paint behind
        </label>
      </span>
      <span className="group">
        <button
          type="button"
          onClick={() => editor.undo()}
          disabled={readOnly}
          title="Undo (Ctrl+Z)"
          data-testid="undo"
        >
          Undo
        </button>
        <button
          type="button"
          onClick={() => editor.redo()}
          disabled={readOnly}
          title="Redo (Ctrl+Shift+Z)"
          data-testid="redo"
        >
          Redo
        </button>
      </span>
      <span className="group">
        <button type="button" onClick={() => onZoom(1 / 2)} title="Zoom out" data-testid="zoom-out">
          −
        </button>
        <span data-testid="zoom">{zoom >= 1 ? `${Math.round(zoom * 100) / 100}×` : `${Math.round(zoom * 100)}%`}</span>
        <button type="button" onClick={() => onZoom(2)} title="Zoom in (to 32×)" data-testid="zoom-in">
          +
        </button>
        <button type="button" onClick={() => onZoom(0)} title="One image pixel per screen pixel" data-testid="zoom-1">
          1:1
        </button>
        <button type="button" onClick={onHelp} title="Shortcuts (?)" data-testid="help">
          ?
        </button>
      </span>
    </div>
  );
}
