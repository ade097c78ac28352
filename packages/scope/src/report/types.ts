/** The shapes `segkit scope` reports, shared by the scope, estimate and sample verbs. */

/** A distribution over the regions of one class. Null fields: no region was measured. */
export interface Distribution {
  median: number | null;
  p10: number | null;
  p90: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
}

export type Verdict = 'box' | 'polygon' | 'segmentation';

/** One class of a scope report (`perClass[]` of `segkit scope --format json`). */
export interface ClassScope {
  id: number;
  name: string;
  /** Regions measured (instances, or connected regions of semantic data), at least `minArea` pixels. */
  instances: number;
  /** Regions left out for being smaller than `minArea` pixels (empty annotations count here). */
  skipped: number;
  /** Images holding at least one region of the class (measured or not). */
  images: number;
  /** Pixels of the class over the dataset (measured regions and skipped ones). */
  pixels: number;
  verdict: Verdict;
  /** The rule that gave the verdict, with the measured values beside the thresholds. */
  reason: string;
  /** Share of regions the polygon captures, and the box (null: no region measured). */
  polygonShare: number | null;
  boxShare: number | null;
  /** IoU of the best polygon with at most `vertices` vertices, rasterized as COCO does. */
  iou: Distribution;
  /** Boundary F-score of that polygon at the stated tolerance. */
  boundaryF: Distribution;
  /** The bounding box: IoU with the mask (its fill ratio) and boundary F-score. */
  boxIou: Distribution;
  boxBoundaryF: Distribution;
  /** Fewest vertices whose polygon reaches `targetIou`. */
  verticesForTarget: Distribution;
  /** IoU of each region's outline without its pixel staircase (0.75 px): what its pixelization allows (see measure-region.ts). */
  pixelIou: Distribution;
  /** The baseline (largest outer ring, Douglas–Peucker to the same budget), for comparison. */
  baselineIou: Distribution;
  baselineBoundaryF: Distribution;
  /** Shape descriptors. */
  area: Distribution;
  /** perimeter² / area, the perimeter measured along pixel edges (a square gives 16, a large digital disc 64/π ≈ 20). */
  complexity: Distribution;
  holes: Distribution;
  parts: Distribution;
  /** 2 · area / perimeter: the mean width in pixels (thin structures have small values). */
  meanWidth: Distribution;
}

/** What `segkit scope --format json` prints. */
export interface ScopeReport {
  dataset: {
    input: string;
    from: string;
    images: number;
    /** Regions measured, and left out for their size. */
    regions: number;
    skipped: number;
    /** Crowd annotations (iscrowd 1) are not objects an annotator outlines: left out. */
    crowdSkipped: number;
    semantic: boolean;
  };
  settings: {
    vertices: number;
    tolerance: number;
    targetIou: number;
    minArea: number;
    rules: VerdictRules;
  };
  perClass: ClassScope[];
}

/**
 * Thresholds of the verdict (see verdict.ts), all configurable from the command line. A shape
 * "captures" a region when its boundary F-score reaches `boundaryF` and its IoU reaches `relativeIou`
 * times the region's pixel IoU; a class gets the simplest shape that captures at least `share` of
 * its regions: box, else polygon, else segmentation.
 */
export interface VerdictRules {
  boundaryF: number;
  relativeIou: number;
  share: number;
}
