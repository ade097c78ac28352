import type { Batch, Image, Project } from '../api/types.js';
import { personName } from '../lib/format.js';
import { Link } from '../router.js';
import { useUser } from '../session.js';

/** The batch's images, each linked to its assignee's document (honeypots marked for managers). */
export function BatchImages({ batch, project, images }: { batch: Batch; project: Project; images: readonly Image[] }) {
  const names = new Map(images.map((image) => [image.id, image.fileName]));
  const me = useUser();
  const honeypots = new Set(batch.honeypots ?? []);
  const seeOthers = project.role === 'manager' || project.role === 'reviewer';
  return (
    <section>
      <h2>Images</h2>
      <ul className="grid" data-testid="batch-images">
        {batch.imageIds.map((imageId) => {
          const users = batch.assignments.filter((a) => a.imageId === imageId).map((a) => a.userId);
          return (
            <li key={imageId} className="card">
              <img src={`/api/images/${imageId}/thumbnail`} alt={names.get(imageId) ?? `#${imageId}`} loading="lazy" />
              <div className="card-text">
                <span className="file-name">{names.get(imageId) ?? `#${imageId}`}</span>
                {honeypots.has(imageId) && <span className="badge gold">honeypot</span>}
              </div>
              <div className="small">
                {users.map((userId) => (
                  <Link
                    key={userId}
                    href={`/projects/${project.id}/images/${imageId}${seeOthers && userId !== me.id ? `?user=${userId}` : ''}`}
                  >
                    {personName(project, userId, me)}
                  </Link>
                ))}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
