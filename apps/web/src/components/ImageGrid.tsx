import type { Batch, Image } from '../api/types.js';
import { statusText } from '../lib/format.js';
import { Link } from '../router.js';

/** Where each image stands: its batches with the assignee's status (and gold, for managers). */
function imageStatus(batches: readonly Batch[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const batch of batches) {
    const statusOf = new Map(batch.assignees.map((a) => [a.userId, a.status]));
    const honeypots = new Set(batch.honeypots ?? []);
    for (const { imageId, userId } of batch.assignments) {
      if (honeypots.has(imageId)) continue; // every assignee labels a honeypot: the gold badge says it
      const list = out.get(imageId) ?? [];
      list.push(`${batch.name}: ${statusText(statusOf.get(userId) ?? 'todo')}`);
      out.set(imageId, list);
    }
  }
  return out;
}

/** Thumbnails with each image's status; managers tick images to put into a new batch. */
export function ImageGrid({
  projectId,
  images,
  batches,
  selectable,
  selected,
  onSelect,
}: {
  projectId: number;
  images: readonly Image[];
  batches: readonly Batch[];
  selectable: boolean;
  selected: ReadonlySet<number>;
  onSelect: (ids: ReadonlySet<number>) => void;
}) {
  if (images.length === 0) return <p className="muted">No images yet.</p>;
  const status = imageStatus(batches);
  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  const unbatched = images.filter((image) => !status.has(image.id) && image.gold !== true).map((image) => image.id);
  return (
    <>
      {selectable && (
        <p>
          {selected.size} selected{' '}
          <button type="button" onClick={() => onSelect(new Set(unbatched))} data-testid="select-unbatched">
            Select the {unbatched.length} images in no batch
          </button>{' '}
          <button type="button" onClick={() => onSelect(new Set())}>
            Clear
          </button>
        </p>
      )}
      <ul className="grid" data-testid="image-grid">
        {images.map((image) => (
          <li key={image.id} className={selected.has(image.id) ? 'card selected' : 'card'} data-testid="image-card">
            <Link href={`/projects/${projectId}/images/${image.id}`} title={image.fileName}>
              <img
                src={`/api/images/${image.id}/thumbnail`}
                alt={image.fileName}
                loading="lazy"
                data-testid="thumbnail"
              />
            </Link>
            <div className="card-text">
              {selectable && (
                <input
                  type="checkbox"
                  checked={selected.has(image.id)}
                  onChange={() => toggle(image.id)}
                  aria-label={`select ${image.fileName}`}
                />
              )}
              <span className="file-name">{image.fileName}</span>
              {image.gold === true && <span className="badge gold">gold</span>}
            </div>
            <div className="muted small" data-testid="image-status">
              {image.width}×{image.height} · {(status.get(image.id) ?? ['no batch']).join('; ')}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
