import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { Image, ProjectClass, Segment } from '../api/types.js';
import { type Overlay, paintOverlay } from '../lib/overlay.js';
import { ClassLegend } from './ClassLegend.js';
import { ErrorNote } from './ErrorNote.js';

/**
 * The image with a canvas of its masks on top, in the class colours. The canvas holds the colours
 * exactly (unlabelled pixels transparent); the see-through look is the canvas's CSS opacity.
 * `children` lie on top, in the frame (the review comments' pins).
 */
export function MaskOverlay({
  image,
  classes,
  segments,
  children,
}: {
  image: Image;
  classes: readonly ProjectClass[];
  segments: readonly Segment[] | undefined;
  children?: ReactNode;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [opacity, setOpacity] = useState(0.5);
  const painted = useMemo((): { overlay?: Overlay; error?: Error } => {
    if (segments === undefined) return {};
    try {
      return { overlay: paintOverlay(segments, classes, image.width, image.height) };
    } catch (error) {
      return { error: error as Error };
    }
  }, [segments, classes, image.width, image.height]);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (context === null || context === undefined) return;
    context.clearRect(0, 0, image.width, image.height);
    const overlay = painted.overlay;
    if (overlay !== undefined) {
      context.putImageData(new ImageData(overlay.rgba, overlay.width, overlay.height), 0, 0);
    }
    canvas.current?.setAttribute('data-painted', String(segments?.length ?? 0));
  }, [painted, image.width, image.height, segments]);

  return (
    <>
      <label className="control">
        Mask opacity{' '}
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={opacity}
          onChange={(e) => setOpacity(Number(e.target.value))}
        />
      </label>
      <ErrorNote error={painted.error} />
      <div className="overlay-frame" style={{ aspectRatio: `${image.width} / ${image.height}` }}>
        <img src={`/api/images/${image.id}/file`} alt={image.fileName} data-testid="image-full" />
        <canvas
          ref={canvas}
          width={image.width}
          height={image.height}
          style={{ opacity }}
          data-testid="overlay-canvas"
        />
        {children}
      </div>
      {painted.overlay && <ClassLegend classes={classes} pixels={painted.overlay.pixels} />}
      {segments?.length === 0 && <p className="muted">This document has no segments.</p>}
    </>
  );
}
