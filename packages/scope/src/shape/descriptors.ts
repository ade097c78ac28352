import { type Region, ringArea, ringLength, ringSpan } from './regions.js';

/** Shape descriptors of a region: what makes it easy or hard to outline. */
export interface ShapeDescriptors {
  /** Pixels. */
  area: number;
  /** Length of all its rings (outer and holes) along pixel edges. */
  perimeter: number;
  /** perimeter² / area along pixel edges: 16 for a square, 64/π ≈ 20 for a large digital disc (its staircase is as long as its box), more for ragged shapes. */
  complexity: number;
  holes: number;
  parts: number;
  /** 2 · area / perimeter: the mean width in pixels; a long strip w pixels wide gives about w. */
  meanWidth: number;
  /** Tight box [x, y, w, h] in pixels. */
  bbox: [number, number, number, number];
}

export function shapeDescriptors(region: Region): ShapeDescriptors {
  const { contours } = region;
  let area = 0;
  let perimeter = 0;
  let holes = 0;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const component of region.components) {
    area += ringArea(contours, component.outer);
    perimeter += ringLength(contours, component.outer);
    const [first, n] = ringSpan(contours, component.outer);
    for (let i = first; i < first + n; i++) {
      const x = contours.xy[2 * i];
      const y = contours.xy[2 * i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    for (const hole of component.holes) {
      area -= ringArea(contours, hole);
      perimeter += ringLength(contours, hole);
      holes++;
    }
  }
  return {
    area,
    perimeter,
    complexity: area > 0 ? (perimeter * perimeter) / area : 0,
    holes,
    parts: region.components.length,
    meanWidth: perimeter > 0 ? (2 * area) / perimeter : 0,
    bbox: [minX, minY, maxX - minX, maxY - minY],
  };
}
