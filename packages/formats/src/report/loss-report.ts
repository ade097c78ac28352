/**
 * What a conversion lost, measured per class. Every converter fills one of these; the CLI prints
 * it and writes it with `--report FILE`.
 */
export interface ClassLoss {
  id: number;
  name: string;
  /** Pixels of the class in the source raster (union of its masks, per image, summed). */
  sourcePixels: number;
  /** Pixels of the class in the converted raster. */
  convertedPixels: number;
  /** Source pixels of this class that hold another class (or nothing) after conversion. */
  pixelsChanged: number;
  /** IoU between the class's source and converted rasters (null when both are empty). */
  iou: number | null;
  /** Instances flattened into one region when going to a semantic format. */
  instancesMerged: number;
  /** Pixels claimed by this class and another, resolved by the overlap policy. */
  overlapPixels: number;
  /** |polygon area - rasterized area| summed over polygon sources (sub-pixel precision lost). */
  polygonAreaDelta: number;
  /** Holes of the source masks that the converted ones fill completely. */
  holesDropped: number;
  /** Pixels in both rasters, when the converted raster may hold pixels the source does not. */
  intersectionPixels?: number;
}

export interface LossReport {
  from: string;
  to: string;
  images: number;
  annotations: number;
  /** True when the converted raster equals the source raster, pixel for pixel. */
  lossless: boolean;
  overlapPolicy?: string;
  perClass: ClassLoss[];
  /** Each annotation that lost pixels to another one under the overlap policy, and how many. */
  instancesLost?: InstanceLoss[];
  warnings: string[];
}

export interface InstanceLoss {
  /** "annotation 3 (id 7)". */
  annotation: string;
  /** The image's file name (or id). */
  image: string;
  pixels: number;
}

/**
 * A writer's per-class loss records, each made on first use and named from the dataset's classes
 * (`class_<id>` where a class has no name); `perClass()` lists them by id, as reports do.
 */
export function classLossTable(names: ReadonlyMap<number, string>): {
  of(id: number): ClassLoss;
  all(): IterableIterator<ClassLoss>;
  perClass(): ClassLoss[];
} {
  const losses = new Map<number, ClassLoss>();
  return {
    of(id) {
      let loss = losses.get(id);
      if (loss === undefined) {
        loss = emptyClassLoss(id, names.get(id) ?? `class_${id}`);
        losses.set(id, loss);
      }
      return loss;
    },
    all: () => losses.values(),
    perClass: () => [...losses.values()].sort((a, b) => a.id - b.id),
  };
}

export function emptyClassLoss(id: number, name: string): ClassLoss {
  return {
    id,
    name,
    sourcePixels: 0,
    convertedPixels: 0,
    pixelsChanged: 0,
    iou: null,
    instancesMerged: 0,
    overlapPixels: 0,
    polygonAreaDelta: 0,
    holesDropped: 0,
  };
}

/** Fills IoU and the lossless flag once the pixel counts are in. */
export function finishReport(report: LossReport): LossReport {
  let lossless = true;
  for (const loss of report.perClass) {
    // Unless a converter says otherwise, the converted pixels of a class are a subset of its source.
    const intersection = loss.intersectionPixels ?? loss.sourcePixels - loss.pixelsChanged;
    const union = loss.sourcePixels + loss.convertedPixels - intersection;
    loss.iou = union === 0 ? null : intersection / union;
    if (loss.pixelsChanged !== 0 || loss.convertedPixels !== loss.sourcePixels || loss.polygonAreaDelta !== 0) {
      lossless = false;
    }
  }
  report.lossless = lossless;
  return report;
}

/** The report as the lines the CLI prints: the verdict first, then the classes that lost something. */
export function formatLossReport(report: LossReport): string {
  const lines = [
    report.lossless
      ? `lossless: every pixel of every class is as in the source (${report.images} images, ${report.annotations} annotations)`
      : `LOSSY: ${report.from} -> ${report.to} changed pixels of ${report.perClass.filter((c) => c.pixelsChanged > 0 || c.polygonAreaDelta > 0).length} classes`,
  ];
  for (const c of report.perClass) {
    if (
      c.pixelsChanged === 0 &&
      c.instancesMerged === 0 &&
      c.overlapPixels === 0 &&
      c.polygonAreaDelta === 0 &&
      c.holesDropped === 0
    ) {
      continue;
    }
    const parts = [
      `${c.pixelsChanged} px changed of ${c.sourcePixels}`,
      `IoU ${c.iou === null ? 'n/a' : c.iou.toFixed(4)}`,
    ];
    if (c.instancesMerged > 0) parts.push(`${c.instancesMerged} instances merged`);
    if (c.overlapPixels > 0) parts.push(`${c.overlapPixels} px overlapped (${report.overlapPolicy ?? 'policy'})`);
    if (c.polygonAreaDelta > 0) parts.push(`polygon vs raster area ${c.polygonAreaDelta.toFixed(1)} px`);
    if (c.holesDropped > 0) parts.push(`${c.holesDropped} holes dropped`);
    lines.push(`  class ${c.id} ${c.name}: ${parts.join(', ')}`);
  }
  for (const lost of report.instancesLost ?? []) {
    lines.push(
      `  ${lost.annotation} in ${lost.image}: ${lost.pixels} px went to another object (${report.overlapPolicy ?? 'policy'})`,
    );
  }
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  return lines.join('\n');
}

/** The report of a conversion that keeps every pixel of every annotation (only the encoding changes). */
export function losslessReport(
  from: string,
  to: string,
  images: number,
  annotations: number,
  warnings: string[] = [],
): LossReport {
  return { from, to, images, annotations, lossless: warnings.length === 0, perClass: [], warnings };
}
