import { compareDocuments, type DocumentComparison } from '@segkit/metrics';
import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { AnnotationDocument, GoldDocument, Image, Project, Segment, User } from '../api/types.js';
import { AgreementTable } from '../components/AgreementTable.js';
import { CommentedImage } from '../components/CommentedImage.js';
import { ComparePicker } from '../components/ComparePicker.js';
import { DiffLayer } from '../components/DiffLayer.js';
import { DocumentPicker } from '../components/DocumentPicker.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { ReviewDecision } from '../components/ReviewDecision.js';
import { dateTime, personName } from '../lib/format.js';
import { useLoad } from '../lib/use-load.js';
import { Link, navigate, useLocation } from '../router.js';
import { useUser } from '../session.js';

interface Shown {
  segments: Segment[];
  caption: string;
  /** The annotator's document version (0: never saved); undefined for gold. */
  version?: number;
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
  return { segments: doc.segments, caption: `version ${doc.version}, ${saved}`, version: doc.version };
}

function ownerName(project: Project, whose: string | undefined, me: User): string {
  if (whose === undefined) return personName(project, me.id, me);
  return whose === 'gold' ? 'gold' : personName(project, Number(whose), me);
}

/**
 * An image with a saved document's masks over it (the caller's own, or for managers and reviewers
 * anyone's or gold) and the review comments about that document, placed on the image. Managers and
 * reviewers may compare it with gold or another member's document (`?compare=gold|ID`): the per-class
 * IoU of the image and the differing pixels highlighted; and accept or reject an annotator's document.
 */
export function ImagePage({ projectId, imageId, whose }: { projectId: number; imageId: number; whose?: string }) {
  const me = useUser();
  const against = useLocation().query.get('compare') ?? undefined;
  const [showDiff, setShowDiff] = useState(true);
  const context = useLoad(async () => {
    const [project, images] = await Promise.all([
      api.get<Project>(`/api/projects/${projectId}`),
      api.get<{ images: Image[] }>(`/api/projects/${projectId}/images`),
    ]);
    return { project, image: images.images.find((image) => image.id === imageId) };
  }, `${projectId}:${imageId}`);
  const doc = useLoad(() => loadDocument(imageId, whose), `${imageId}:${whose}`);
  const reference = useLoad(
    async () => (against === undefined ? undefined : loadDocument(imageId, against)),
    `${imageId}:${against}`,
  );
  const compared = useMemo((): { comparison?: DocumentComparison; error?: Error } => {
    const { project, image } = context.data ?? {};
    // While either side loads, useLoad still holds the previous document: compare nothing stale.
    if (doc.loading || reference.loading) return {};
    if (project === undefined || image === undefined || doc.data === undefined || reference.data === undefined) {
      return {};
    }
    try {
      const options = { kind: project.type, classes: project.classes, height: image.height, width: image.width };
      return { comparison: compareDocuments(reference.data.segments, doc.data.segments, options) };
    } catch (error) {
      return { error: error as Error };
    }
  }, [context.data, doc.data, doc.loading, reference.data, reference.loading]);

  if (context.error) return <ErrorNote error={context.error} />;
  if (context.data === undefined) return <p className="muted">Loading…</p>;
  const { project, image } = context.data;
  if (image === undefined) return <ErrorNote error={`image ${imageId} is not in project ${projectId}`} />;
  const owner = ownerName(project, whose, me);
  const canChoose = project.role === 'manager' || project.role === 'reviewer';
  const go = (nextWhose: string | undefined, nextAgainst: string | undefined) => {
    const query = new URLSearchParams();
    if (nextWhose !== undefined) query.set('user', nextWhose);
    if (nextAgainst !== undefined && nextAgainst !== nextWhose) query.set('compare', nextAgainst);
    const text = query.toString();
    navigate(`/projects/${projectId}/images/${imageId}${text === '' ? '' : `?${text}`}`);
  };
  const comparison = against === undefined ? undefined : compared.comparison;
  const reviewed = canChoose && whose !== undefined && whose !== 'gold' ? Number(whose) : undefined;
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
        <>
          <DocumentPicker project={project} value={whose} onChange={(next) => go(next, against)} />{' '}
          <ComparePicker
            project={project}
            value={against}
            exclude={whose ?? String(me.id)}
            onChange={(next) => go(whose, next)}
          />
        </>
      )}
      <ErrorNote error={doc.error} />
      {against !== undefined && <ErrorNote error={reference.error ?? compared.error} />}
      {comparison !== undefined && (
        <section data-testid="comparison">
          <h2>
            Against {ownerName(project, against, me)} · {comparison.diffPixels} px differ
          </h2>
          <label className="control">
            <input
              type="checkbox"
              checked={showDiff}
              onChange={(e) => setShowDiff(e.target.checked)}
              data-testid="diff-toggle"
            />{' '}
            Highlight the differing pixels
          </label>
          <AgreementTable comparison={comparison} shownName={owner} againstName={ownerName(project, against, me)} />
        </section>
      )}
      <CommentedImage
        key={whose ?? 'mine'}
        project={project}
        image={image}
        segments={doc.data?.segments}
        owner={whose === undefined ? me.id : whose === 'gold' ? null : Number(whose)}
        canComment={canChoose || whose === undefined}
        me={me}
        layers={comparison !== undefined && showDiff ? <DiffLayer image={image} diff={comparison.diff} /> : undefined}
        footer={
          reviewed === undefined || doc.data?.version === undefined
            ? undefined
            : (shown) => (
                <ReviewDecision
                  project={project}
                  imageId={image.id}
                  owner={reviewed}
                  version={doc.data?.version ?? 0}
                  comments={shown}
                  me={me}
                />
              )
        }
      />
    </>
  );
}
