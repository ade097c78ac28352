import type { Rle } from '@segkit/core';
import { useEffect, useMemo, useRef } from 'react';
import type { Image } from '../api/types.js';
import { diffPixels } from '../lib/review.js';

/**
 * A canvas over the image, in the overlay frame, with the pixels two documents label differently
 * highlighted (opaque, at the image's resolution); transparent elsewhere. Clicks pass through to the
 * comment pins above.
 */
export function DiffLayer({ image, diff }: { image: Image; diff: Rle }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const rgba = useMemo(() => diffPixels(diff), [diff]);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (context === null || context === undefined) return;
    context.putImageData(new ImageData(rgba, image.width, image.height), 0, 0);
    canvas.current?.setAttribute('data-drawn', 'true');
  }, [rgba, image.width, image.height]);
  return (
    <canvas ref={canvas} width={image.width} height={image.height} className="diff-layer" data-testid="diff-canvas" />
  );
}
