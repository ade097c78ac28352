import { api } from '../api/client.js';
import type { Batch, Image, Project } from '../api/types.js';
import { AssigneeTable } from '../components/AssigneeTable.js';
import { BatchImages } from '../components/BatchImages.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { QaSection } from '../components/QaSection.js';
import { dateTime, deadlineText, statusText } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import { Link } from '../router.js';

async function loadBatch(batchId: number): Promise<{ batch: Batch; project: Project; images: Image[] }> {
  const batch = await api.get<Batch>(`/api/batches/${batchId}`);
  const [project, images] = await Promise.all([
    api.get<Project>(`/api/projects/${batch.projectId}`),
    api.get<{ images: Image[] }>(`/api/projects/${batch.projectId}/images`),
  ]);
  return { batch, project, images: images.images };
}

/** One batch: per-assignee status and progress, submit and review, its QA report, and its images. */
export function BatchPage({ batchId }: { batchId: number }) {
  const loaded = useLoad(() => loadBatch(batchId), String(batchId));
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (loaded.data === undefined) return <p className="muted">Loading…</p>;
  const { batch, project, images } = loaded.data;
  const canReview = project.role === 'manager' || project.role === 'reviewer';
  return (
    <>
      <p>
        <Link href={`/projects/${project.id}`}>← {project.name}</Link>
      </p>
      <h1 data-testid="batch-title">Batch {batch.name}</h1>
      <p>
        <span data-testid="batch-status">{statusText(batch.status)}</span> · deadline {dateTime(batch.deadline)} (
        {deadlineText(batch.deadline)}) · {batch.imageIds.length} images
        {batch.honeypots !== undefined ? ` (${batch.honeypots.length} honeypots)` : ''}
      </p>
      <AssigneeTable
        batch={batch}
        project={project}
        canReview={canReview}
        onChanged={(next) => loaded.set({ batch: next, project, images })}
      />
      {canReview && <QaSection batch={batch} project={project} />}
      <BatchImages batch={batch} project={project} images={images} />
    </>
  );
}
