import type { MouseEvent } from 'react';
import type { Image, ReviewComment } from '../api/types.js';
import { imagePoint } from '../lib/comments.js';

/** A pin's classes: `selected` for the comment selected in the list, `resolved` for a resolved one. */
export function pinClass(comment: ReviewComment, selected: number | undefined): string {
  return `pin${comment.id === selected ? ' selected' : ''}${comment.resolved ? ' resolved' : ''}`;
}

export interface Point {
  x: number;
  y: number;
}

const at = (point: Point, image: Image) => ({
  left: `${(100 * point.x) / image.width}%`,
  top: `${(100 * point.y) / image.height}%`,
});

/**
 * A layer over the image: each pin (`visiblePins`: its comment and number) centred on its image
 * position, a resolved comment's muted, the draft's pin, and (with `onPick`) a click anywhere places
 * the draft at that image pixel, exact at the display scale.
 */
export function CommentPins({
  image,
  pins,
  draft,
  selected,
  onPick,
  onSelect,
}: {
  image: Image;
  pins: ReadonlyArray<{ comment: ReviewComment; pin: number }>;
  draft: Point | undefined;
  selected: number | undefined;
  onPick: ((point: Point) => void) | undefined;
  onSelect: (id: number) => void;
}) {
  const pick = (event: MouseEvent<HTMLDivElement>) => {
    if (onPick === undefined) return;
    const box = event.currentTarget.getBoundingClientRect();
    onPick(imagePoint(event.clientX - box.left, event.clientY - box.top, box, image));
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click here points at an image pixel (a pointer act)
    // biome-ignore lint/a11y/useKeyWithClickEvents: pins are buttons and the comment list holds every text
    <div
      className={onPick === undefined ? 'pin-layer' : 'pin-layer pickable'}
      onClick={pick}
      data-testid="comment-layer"
    >
      {pins.map(({ comment, pin }) => (
        <button
          type="button"
          key={comment.id}
          className={pinClass(comment, selected)}
          style={at(comment, image)}
          title={comment.text}
          onClick={(event) => {
            event.stopPropagation();
            onSelect(comment.id);
          }}
          data-testid="comment-pin"
          data-id={comment.id}
          data-resolved={comment.resolved}
        >
          {pin}
        </button>
      ))}
      {draft !== undefined && (
        <span className="pin draft" style={at(draft, image)} data-testid="comment-draft-pin">
          +
        </span>
      )}
    </div>
  );
}
