/** Hand-made dataset profiles for the sampler tests: each image is a file name, its regions and its classes' pixels. */
import type { ClassProfile, DatasetProfile } from '../../src/index.js';

export interface ImageSpec {
  file: string;
  /** class id → pixels; one region per class unless `regions` says otherwise. */
  pixels: Record<number, number | undefined>;
  regions?: number;
  source?: string;
}

export function makeProfile(specs: ImageSpec[], names: Record<number, string>, semantic = true): DatasetProfile {
  const images = specs.map((spec, index) => {
    const classes = Object.entries(spec.pixels)
      .flatMap(([id, pixels]) => (pixels === undefined ? [] : [{ id: Number(id), pixels, regions: 1 }]))
      .sort((a, b) => a.id - b.id);
    return {
      index,
      imageId: index + 1,
      fileName: spec.file,
      source: spec.source ?? 'all',
      classes,
      regions: spec.regions ?? classes.length,
    };
  });
  const pixels = images.reduce((sum, image) => sum + image.classes.reduce((s, c) => s + c.pixels, 0), 0);
  const regions = images.reduce((sum, image) => sum + image.regions, 0);
  const classes: ClassProfile[] = Object.entries(names).map(([key, name]) => {
    const id = Number(key);
    const holding = images.flatMap((image) => image.classes.filter((c) => c.id === id));
    const classPixels = holding.reduce((s, c) => s + c.pixels, 0);
    return {
      id,
      name,
      images: holding.length,
      pixels: classPixels,
      regions: holding.length,
      pixelShare: pixels > 0 ? classPixels / pixels : 0,
      regionShare: regions > 0 ? holding.length / regions : 0,
      complexity: holding.length > 0 ? 20 : null,
    };
  });
  return { semantic, minRegionArea: 20, images, classes, pixels, regions };
}
