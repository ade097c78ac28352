/**
 * The pure parts behind the project page's delivery-loss panel and the image page's review comments:
 * the loss report in words, the click-to-image-pixel mapping, which comments a document shows, which
 * of their pins are drawn and what the caller may do with each, and the review page's diff highlight,
 * IoU text and review state.
 * Reports are small hand-made ones in the shape the server's loss report has (@segkit/formats LossReport).
 */
import { emptyClassLoss, type LossReport } from '@segkit/formats';
import { describe, expect, it } from 'vitest';
import type { DeliveryLoss, ReviewComment } from '../src/api/types.js';
import { commentActions, commentsFor, imagePoint, rejectionReasons, visiblePins } from '../src/lib/comments.js';
import { lossColumns, lossItems, lossVerdict } from '../src/lib/delivery-loss.js';
import { DIFF_RGBA, diffPixels, formatIou, reviewState } from '../src/lib/review.js';

const ALL = { instances: true, overlaps: true, crowd: true, classNames: true, scores: false };
const PNG = { instances: false, overlaps: false, crowd: false, classNames: false, scores: false };

function report(perClass: LossReport['perClass'], extra: Partial<LossReport> = {}): LossReport {
  return { from: 'coco', to: 'x', images: 1, annotations: 4, lossless: true, perClass, warnings: [], ...extra };
}

describe('lossItems and lossVerdict', () => {
  it('an instance project in PNG with no two instances of a class still drops instance ids', () => {
    const car = { ...emptyClassLoss(1, 'car'), sourcePixels: 10, convertedPixels: 10, iou: 1 };
    const loss: DeliveryLoss = { format: 'png', holds: PNG, images: 1, report: report([car]) };
    const items = lossItems(loss, 'instance');
    expect(items.map((item) => [item.key, item.lost])).toEqual([
      ['instances', true],
      ['overlaps', false],
      ['pixels', false],
    ]);
    expect(items[0].text).toBe(
      'dropped: png holds one region per class, 0 instances merged into another of their class',
    );
    expect(items[1].text).toBe(
      'forbidden: 0 px claimed by two segments went to one (the overlap policy); 0 segments lost pixels',
    );
    expect(items[2].text).toBe('kept: all 10 labelled pixels keep their class');
    expect(lossVerdict(loss, 'instance')).toEqual({
      lossy: true,
      text: "Delivery as png loses something on this project's documents (1 labelled image, 4 segments):",
    });
  });

  it('a semantic project names neither instance ids nor overlaps, and is lossless when no pixel moves', () => {
    const road = { ...emptyClassLoss(0, 'road'), sourcePixels: 6, convertedPixels: 6, iou: 1 };
    const loss: DeliveryLoss = { format: 'png', holds: PNG, images: 2, report: report([road]) };
    expect(lossItems(loss, 'semantic').map((item) => item.key)).toEqual(['pixels']);
    expect(lossVerdict(loss, 'semantic')).toEqual({
      lossy: false,
      text: "Delivery as png keeps everything this project's documents hold (2 labelled images, 4 segments).",
    });
  });

  it('polygons: the area delta and the pixels that change class, with the lowest IoU named', () => {
    const a = { ...emptyClassLoss(3, 'tree'), sourcePixels: 40, convertedPixels: 38, pixelsChanged: 2, iou: 0.95 };
    const b = { ...emptyClassLoss(4, 'sign'), sourcePixels: 10, convertedPixels: 9, pixelsChanged: 1, iou: 0.9 };
    a.polygonAreaDelta = 1.25;
    const loss: DeliveryLoss = {
      format: 'coco-polygon',
      holds: ALL,
      images: 1,
      report: report([a, b], { lossless: false }),
    };
    const items = lossItems(loss, 'semantic');
    expect(items.map((item) => [item.key, item.lost, item.text])).toEqual([
      ['pixels', true, '3 of 50 labelled pixels change class (lowest IoU sign 0.9000)'],
      [
        'polygons',
        true,
        'polygon vs raster area differs by 1.3 px in all; 3 px change class when the polygons are rasterized',
      ],
    ]);
    expect(lossColumns(loss.report?.perClass ?? []).map((column) => column.key)).toEqual(['polygonAreaDelta']);
  });

  it('binary masks drop the classes (the report has no per-class rows, only its warning)', () => {
    const loss: DeliveryLoss = {
      format: 'binary-masks',
      holds: { ...ALL, crowd: false, classNames: false, classes: false },
      images: 1,
      report: report([], { lossless: false, warnings: ['3 classes written as one: binary masks hold no class'] }),
    };
    const items = lossItems(loss, 'instance');
    expect(items.map((item) => [item.key, item.lost])).toEqual([
      ['instances', false],
      ['overlaps', false],
      ['classes', true],
    ]);
    expect(lossVerdict(loss, 'instance').lossy).toBe(true);
  });

  it('holes a format cannot hold are counted per class', () => {
    const ring = { ...emptyClassLoss(2, 'ring'), sourcePixels: 8, convertedPixels: 9, pixelsChanged: 0, iou: 8 / 9 };
    ring.holesDropped = 1;
    const loss: DeliveryLoss = {
      format: 'png',
      holds: { ...ALL, holes: false },
      images: 1,
      report: report([ring], { lossless: false }),
    };
    const holes = lossItems(loss, 'semantic').find((item) => item.key === 'holes');
    expect(holes).toEqual({ key: 'holes', label: 'Holes', lost: true, text: 'filled: 1 hole dropped (ring 1)' });
  });

  it('no labelled document: nothing claimed', () => {
    const loss: DeliveryLoss = { format: 'png', holds: PNG, images: 0, report: null };
    expect(lossItems(loss, 'instance')).toEqual([]);
    expect(lossVerdict(loss, 'instance')).toEqual({
      lossy: false,
      text: 'Nothing to measure yet: no image has a labelled document.',
    });
  });
});

describe('imagePoint', () => {
  const shown = { width: 900, height: 675 };
  const image = { width: 32, height: 24 };

  it('maps a click 225, 450 CSS px into a 32×24 image shown 900×675 to pixel (8, 16)', () => {
    expect(imagePoint(225, 450, shown, image)).toEqual({ x: 8, y: 16 });
  });

  it('keeps 1/100 px: 616 px of 900 is 21.9022… → 21.9, 1 px of 3 is 0.33', () => {
    expect(imagePoint(616, 0, shown, image)).toEqual({ x: 21.9, y: 0 });
    expect(imagePoint(1, 1, { width: 3, height: 3 }, { width: 1, height: 1 })).toEqual({ x: 0.33, y: 0.33 });
  });

  it('clamps a click on the frame edge into [0, width] × [0, height]', () => {
    expect(imagePoint(-3, 700, shown, image)).toEqual({ x: 0, y: 24 });
  });
});

describe('commentsFor', () => {
  const comment = (id: number, userId: number | null): ReviewComment => ({
    id,
    imageId: 1,
    authorId: 9,
    userId,
    x: 0,
    y: 0,
    text: `c${id}`,
    createdAt: '2026-01-01T00:00:00Z',
    resolved: false,
    resolvedAt: null,
    resolvedBy: null,
  });
  const all = [comment(1, 3), comment(2, 5), comment(3, null), comment(4, 3)];

  it("returns the comments about the owner's document and about the image, in the server's order", () => {
    expect(commentsFor(all, 3).map((c) => c.id)).toEqual([1, 3, 4]);
    expect(commentsFor(all, 5).map((c) => c.id)).toEqual([2, 3]);
  });

  it('the gold reference (owner null) shows only the comments about the image', () => {
    expect(commentsFor(all, null).map((c) => c.id)).toEqual([3]);
  });
});

/** Comment `id` by user `authorId` about `userId`'s document (null: the image), resolved or open. */
function reviewComment(id: number, authorId: number, userId: number | null, resolved = false): ReviewComment {
  return {
    id,
    imageId: 1,
    authorId,
    userId,
    x: 0,
    y: 0,
    text: `c${id}`,
    createdAt: '2026-01-01T00:00:00Z',
    resolved,
    resolvedAt: resolved ? '2026-01-02T00:00:00Z' : null,
    resolvedBy: resolved ? userId : null,
  };
}

describe('rejectionReasons', () => {
  it('returns the open comments about the owner, each with its pin number among those shown', () => {
    const shown = [
      reviewComment(10, 9, 3),
      reviewComment(11, 9, null),
      reviewComment(12, 9, 3, true),
      reviewComment(13, 9, 3),
      reviewComment(14, 9, 4),
    ];
    expect(rejectionReasons(shown, 3).map((r) => [r.comment.id, r.pin])).toEqual([
      [10, 1],
      [13, 4],
    ]);
    expect(rejectionReasons(shown, 5)).toEqual([]);
  });
});

describe('visiblePins', () => {
  // Pins 1-4 as the list numbers them; 2 and 4 resolved.
  const shown = [
    reviewComment(10, 9, 3),
    reviewComment(11, 9, 3, true),
    reviewComment(12, 9, null),
    reviewComment(13, 9, 3, true),
  ];
  const drawn = (pins: Array<{ comment: ReviewComment; pin: number }>) => pins.map((p) => [p.comment.id, p.pin]);

  it('returns the open comments only, each keeping its number in the list', () => {
    expect(drawn(visiblePins(shown, false, undefined))).toEqual([
      [10, 1],
      [12, 3],
    ]);
  });

  it('returns a resolved comment too while it is selected, and every comment with showResolved', () => {
    expect(drawn(visiblePins(shown, false, 13))).toEqual([
      [10, 1],
      [12, 3],
      [13, 4],
    ]);
    expect(drawn(visiblePins(shown, true, undefined))).toEqual([
      [10, 1],
      [11, 2],
      [12, 3],
      [13, 4],
    ]);
  });
});

describe('commentActions', () => {
  // Comment 1 by reviewer 9 about annotator 3's document; comment 2 by 9 about the image.
  const aboutAnn = reviewComment(1, 9, 3);
  const onImage = reviewComment(2, 9, null);

  it('returns resolve ("fixed") but not remove for the annotator the comment is about', () => {
    expect(commentActions(aboutAnn, 'annotator', { id: 3 })).toEqual({ resolve: true, fixes: true, remove: false });
  });

  it('returns neither for an annotator on a comment about the image that someone else wrote', () => {
    expect(commentActions(onImage, 'annotator', { id: 3 })).toEqual({ resolve: false, fixes: false, remove: false });
  });

  it('returns both for the author and for a manager; resolve only for another reviewer', () => {
    expect(commentActions(aboutAnn, 'reviewer', { id: 9 })).toEqual({ resolve: true, fixes: false, remove: true });
    expect(commentActions(onImage, 'manager', { id: 1 })).toEqual({ resolve: true, fixes: false, remove: true });
    expect(commentActions(aboutAnn, 'reviewer', { id: 8 })).toEqual({ resolve: true, fixes: false, remove: false });
  });

  it("returns both for an annotator's own comment about their document", () => {
    expect(commentActions(reviewComment(3, 3, 3), 'annotator', { id: 3 })).toEqual({
      resolve: true,
      fixes: true,
      remove: true,
    });
  });
});

describe('the review page helpers', () => {
  it('diffPixels paints the diff mask row-major in the highlight colour, transparent elsewhere', () => {
    // A 2-row × 3-column image; the diff is pixel (x 1, y 0) and (x 2, y 1):
    //   . X .
    //   . . X
    // column-major runs: column 0 [0 0], column 1 [1 0], column 2 [0 1] → counts [2 1 2 1].
    const rgba = diffPixels({ height: 2, width: 3, counts: Uint32Array.of(2, 1, 2, 1) });
    const lit = [...Array(6).keys()].filter((i) => rgba[4 * i + 3] > 0);
    expect(lit).toEqual([1, 5]); // row-major: (1, 0) → 1, (2, 1) → 5
    expect([...rgba.slice(4, 8)]).toEqual([...DIFF_RGBA]);
    expect([...rgba.slice(0, 4)]).toEqual([0, 0, 0, 0]);
  });

  it('formatIou shows 4 decimals without trailing zeros, n/a for a class in neither document', () => {
    expect([1, 2 / 3, 0, 0.5, null].map(formatIou)).toEqual(['1', '0.6667', '0', '0.5', 'n/a']);
  });

  it('reviewState is the newest decision, stale once the document has a newer version', () => {
    const decision = (id: number, status: 'accepted' | 'rejected', version: number) => ({
      id,
      imageId: 1,
      userId: 2,
      reviewerId: 3,
      version,
      status,
      commentId: null,
      createdAt: '',
    });
    expect(reviewState([], 1)).toEqual({ latest: undefined, stale: false });
    const both = [decision(1, 'rejected', 1), decision(2, 'accepted', 2)];
    expect(reviewState(both, 2)).toEqual({ latest: both[1], stale: false });
    expect(reviewState(both, 3).stale).toBe(true);
  });
});
