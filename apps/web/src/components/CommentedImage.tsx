import { type ReactNode, useState } from 'react';
import { api } from '../api/client.js';
import type { Image, Project, ReviewComment, Segment, User } from '../api/types.js';
import { commentsFor, visiblePins } from '../lib/comments.js';
import { useLoad } from '../lib/use-load.js';
import { CommentForm } from './CommentForm.js';
import { CommentList } from './CommentList.js';
import { CommentPins, type Point } from './CommentPins.js';
import { ErrorNote } from './ErrorNote.js';
import { MaskOverlay } from './MaskOverlay.js';

/**
 * The image with a document's masks and the review comments about that document as numbered pins
 * (a resolved comment's hidden unless "show resolved" is ticked or it is selected), the list of them
 * with what the caller may do (resolve, reopen, delete); with `canComment`, a click on the image
 * starts a new comment there. `owner`: the document's
 * annotator (null for the gold reference, whose comments are about the image itself). `layers` lie
 * over the masks and under the pins (the review's diff highlight); `footer(shown)` follows the
 * comments and gets them in pin order (the review decision, whose rejection names one).
 */
export function CommentedImage({
  project,
  image,
  segments,
  owner,
  canComment,
  me,
  layers,
  footer,
}: {
  project: Project;
  image: Image;
  segments: readonly Segment[] | undefined;
  owner: number | null;
  canComment: boolean;
  me: User;
  layers?: ReactNode;
  footer?: (shown: readonly ReviewComment[]) => ReactNode;
}) {
  const loaded = useLoad(
    () => api.get<{ comments: ReviewComment[] }>(`/api/images/${image.id}/comments`),
    String(image.id),
  );
  const [draft, setDraft] = useState<Point>();
  const [selected, setSelected] = useState<number>();
  const [showResolved, setShowResolved] = useState(false);
  const all = loaded.data?.comments ?? [];
  const shown = commentsFor(all, owner);
  const replace = (next: ReviewComment) =>
    loaded.set({ comments: all.map((comment) => (comment.id === next.id ? next : comment)) });
  const drop = (id: number) => loaded.set({ comments: all.filter((comment) => comment.id !== id) });
  return (
    <>
      <MaskOverlay image={image} classes={project.classes} segments={segments}>
        {layers}
        <CommentPins
          image={image}
          pins={visiblePins(shown, showResolved, selected)}
          draft={draft}
          selected={selected}
          onPick={canComment ? setDraft : undefined}
          onSelect={setSelected}
        />
      </MaskOverlay>
      <h2>Review comments</h2>
      {canComment && draft === undefined && <p className="muted">Click on the image to comment on a spot.</p>}
      {draft !== undefined && (
        <CommentForm
          key={`${draft.x},${draft.y}`}
          imageId={image.id}
          userId={owner}
          point={draft}
          onAdded={(comment) => {
            setDraft(undefined);
            setSelected(comment.id);
            loaded.set({ comments: [...all, comment] });
          }}
          onCancel={() => setDraft(undefined)}
        />
      )}
      <ErrorNote error={loaded.error} />
      <CommentList
        comments={shown}
        project={project}
        me={me}
        selected={selected}
        onSelect={setSelected}
        onChanged={replace}
        onDeleted={drop}
        showResolved={showResolved}
        onShowResolved={setShowResolved}
      />
      {footer?.(shown)}
    </>
  );
}
