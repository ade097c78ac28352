import { api } from '../api/client.js';
import type { AnnotationDocument, GoldDocument, Image, Project, Segment } from '../api/types.js';
import { CommentedImage } from '../components/CommentedImage.js';
import { DocumentPicker } from '../components/DocumentPicker.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { dateTime, personName } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import { Link, navigate } from '../router.js';
import { useUser } from '../session.js';

interface Shown {
  segments: Segment[];
  caption: string;
}

/** `whose`: undefined for the caller's own document, a user id, or 'gold'. */
async function loadDocument(imageId: number, whose: string | undefined): Promise<Shown> {
  if (whose === 'gold') {
    const gold = await api.get<GoldDocument>(`/api/images/${imageId}/gold`);
    return { segments: gold.segments, caption: `gold reference, ${dateTime(gold.updatedAt)}` };
  }
  const query = whose === undefined ? '' : `?user=${encodeURIComponent(whose)}`;
  const doc = await api.get<AnnotationDocument>(`/api/images/${imageId}/annotation${query}`);
  const saved = doc.version === 0 ? 'never saved (pre-labels, if any)' : `saved ${dateTime(doc.updatedAt)}`;
  return { segments: doc.segments, caption: `version ${doc.version}, ${saved}` };
}

/**
 * An image with a saved document's masks over it (the caller's own, or for managers and reviewers
 * anyone's or gold) and the review comments about that document, placed on the image.
 */
export function ImagePage({ projectId, imageId, whose }: { projectId: number; imageId: number; whose?: string }) {
  const me = useUser();
  const context = useLoad(async () => {
    const [project, images] = await Promise.all([
      api.get<Project>(`/api/projects/${projectId}`),
      api.get<{ images: Image[] }>(`/api/projects/${projectId}/images`),
    ]);
    return { project, image: images.images.find((image) => image.id === imageId) };
  }, `${projectId}:${imageId}`);
  const doc = useLoad(() => loadDocument(imageId, whose), `${imageId}:${whose}`);
  if (context.error) return <ErrorNote error={context.error} />;
  if (context.data === undefined) return <p className="muted">Loading…</p>;
  const { project, image } = context.data;
  if (image === undefined) return <ErrorNote error={`image ${imageId} is not in project ${projectId}`} />;
  const owner =
    whose === undefined
      ? personName(project, me.id, me)
      : whose === 'gold'
        ? 'gold'
        : personName(project, Number(whose), me);
  const canChoose = project.role === 'manager' || project.role === 'reviewer';
  return (
    <>
      <p>
        <Link href={`/projects/${project.id}`}>← {project.name}</Link>
      </p>
      <h1 data-testid="image-title">{image.fileName}</h1>
      <p className="muted">
        {image.width}×{image.height} · document of {owner}
        {doc.data ? ` · ${doc.data.caption}` : ''}
      </p>
      {canChoose && (
        <DocumentPicker
          project={project}
          value={whose}
          onChange={(next) =>
            navigate(`/projects/${projectId}/images/${imageId}${next === undefined ? '' : `?user=${next}`}`)
          }
        />
      )}
      <ErrorNote error={doc.error} />
      <CommentedImage
        key={whose ?? 'mine'}
        project={project}
        image={image}
        segments={doc.data?.segments}
        owner={whose === undefined ? me.id : whose === 'gold' ? null : Number(whose)}
        canComment={canChoose || whose === undefined}
        me={me}
      />
    </>
  );
}
