import { useState } from 'react';
import { api } from '../api/client.js';
import type { Batch, Image, Project } from '../api/types.js';
import { BatchList } from '../components/BatchList.js';
import { ClassLegend } from '../components/ClassLegend.js';
import { DeliveryLossPanel } from '../components/DeliveryLossPanel.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ExportPanel } from '../components/ExportPanel.js';
import { ImageGrid } from '../components/ImageGrid.js';
import { MembersPanel } from '../components/MembersPanel.js';
import { NewBatchForm } from '../components/NewBatchForm.js';
import { UploadForm } from '../components/UploadForm.js';
import { useLoad } from '../lib/use-load.js';

/** One project: its taxonomy, what its delivery format loses, images, members, batches and exports (what each role may see). */
export function ProjectPage({ projectId }: { projectId: number }) {
  const key = String(projectId);
  const project = useLoad(() => api.get<Project>(`/api/projects/${projectId}`), key);
  const images = useLoad(() => api.get<{ images: Image[] }>(`/api/projects/${projectId}/images`), key);
  const batches = useLoad(() => api.get<{ batches: Batch[] }>(`/api/projects/${projectId}/batches`), key);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  if (project.error) return <ErrorNote error={project.error} />;
  if (project.data === undefined) return <p className="muted">Loading…</p>;
  const p = project.data;
  const manager = p.role === 'manager';
  return (
    <>
      <h1 data-testid="project-title">{p.name}</h1>
      <p className="muted">
        {p.type} · delivery {p.deliveryFormat} · ignore index {p.ignoreIndex} · your role {p.role ?? '–'}
      </p>
      <ClassLegend classes={p.classes} />

      {(manager || p.role === 'reviewer') && (
        <section>
          <h2>What delivery loses</h2>
          <DeliveryLossPanel project={p} />
        </section>
      )}

      <section>
        <h2>Batches</h2>
        <ErrorNote error={batches.error} />
        {batches.data && <BatchList batches={batches.data.batches} />}
        {manager && images.data && (
          <NewBatchForm project={p} imageIds={[...selected]} onCreated={() => batches.reload()} />
        )}
      </section>

      <section>
        <h2>Images</h2>
        <ErrorNote error={images.error} />
        {manager && <UploadForm projectId={projectId} onUploaded={() => images.reload()} />}
        {images.data && (
          <ImageGrid
            projectId={projectId}
            images={images.data.images}
            batches={batches.data?.batches ?? []}
            selectable={manager}
            selected={selected}
            onSelect={setSelected}
          />
        )}
      </section>

      {p.members !== undefined && (
        <section>
          <h2>Members</h2>
          <MembersPanel project={p} editable={manager} onChanged={() => project.reload()} />
        </section>
      )}

      {manager && (
        <section>
          <h2>Exports</h2>
          <ExportPanel project={p} batches={batches.data?.batches ?? []} />
        </section>
      )}
    </>
  );
}
