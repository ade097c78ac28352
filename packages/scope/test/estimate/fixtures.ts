/** The same small dataset as a profile, for comparing workloads from a profile and from a scope report. */
import type { DatasetProfile } from '../../src/index.js';

export type { Verdict } from '../../src/index.js';
export { workloadFromProfile, workloadFromScope } from '../../src/index.js';

/** 4 images; road in all (2 regions each, 9900 px, complexity 16), sign in the first (2 regions, 100 px, 40). */
export function makeProfileForTest(): DatasetProfile {
  const images = [0, 1, 2, 3].map((index) => ({
    index,
    imageId: index + 1,
    fileName: `${index}.png`,
    source: 'all',
    classes: [{ id: 0, pixels: 2475, regions: 2 }, ...(index === 0 ? [{ id: 1, pixels: 100, regions: 2 }] : [])],
    regions: index === 0 ? 4 : 2,
  }));
  return {
    semantic: true,
    minRegionArea: 20,
    images,
    classes: [
      { id: 0, name: 'road', images: 4, pixels: 9900, regions: 8, pixelShare: 0.99, regionShare: 0.8, complexity: 16 },
      { id: 1, name: 'sign', images: 1, pixels: 100, regions: 2, pixelShare: 0.01, regionShare: 0.2, complexity: 40 },
    ],
    pixels: 10000,
    regions: 10,
  };
}
