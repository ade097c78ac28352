import type { ProjectClass } from '../api/types.js';

/** The taxonomy as colour chips; with `pixels`, only the classes present, with their pixel counts. */
export function ClassLegend({ classes, pixels }: { classes: readonly ProjectClass[]; pixels?: Map<number, number> }) {
  const shown = pixels === undefined ? classes : classes.filter((c) => pixels.has(c.id));
  return (
    <ul className="legend" data-testid="class-legend">
      {shown.map((c) => (
        <li key={c.id} title={`id ${c.id}${c.isthing ? ', thing' : ''}`}>
          <span className="swatch" style={{ background: c.color }} />
          {c.id} {c.name}
          {pixels !== undefined && <span className="muted"> · {pixels.get(c.id)} px</span>}
        </li>
      ))}
    </ul>
  );
}
