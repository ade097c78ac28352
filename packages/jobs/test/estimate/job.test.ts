import { type CostModel, DEFAULT_COST_MODEL } from '@segkit/scope';
import { describe, expect, it } from 'vitest';
import { estimateJob } from '../../src/estimate/job.js';

/**
 * A scope report by hand: 100 images, four classes in every image with `instances` regions each and
 * complexity 25 (the model's reference): car "polygon", bus "box", tree and sky "segmentation".
 */
function report(instances: number) {
  const cls = (id: number, name: string, verdict: string) => ({
    id,
    name,
    instances,
    images: 100,
    pixels: 1000,
    verdict,
    complexity: { median: 25 },
  });
  return {
    dataset: { images: 100, semantic: false },
    perClass: [
      cls(1, 'car', 'polygon'),
      cls(2, 'bus', 'box'),
      cls(3, 'tree', 'segmentation'),
      cls(4, 'sky', 'segmentation'),
    ],
  };
}

const settings = { types: ['box', 'polygon', 'semantic'] as const, images: 100 };
const moved = (estimate: Awaited<ReturnType<typeof estimateJob>>, type: string) =>
  estimate.perType.find((t) => t.type === type)?.savings?.classes.map((c) => `${c.name}→${c.verdict}`);

describe('estimateJob', () => {
  it('estimateJob never lists a "segmentation" class, nor a class whose verdict is the type itself', async () => {
    // 200 instances × 4 classes / 100 images = 8 per image: the reference workload, every factor 1.
    const estimate = await estimateJob({
      scope: { name: 'scope.json', report: report(200) },
      model: DEFAULT_COST_MODEL,
      settings: { ...settings, types: [...settings.types] },
    });
    expect(moved(estimate, 'semantic')).toEqual(['car→polygon', 'bus→box']);
    expect(moved(estimate, 'polygon')).toEqual(['bus→box']);
    expect(moved(estimate, 'box')).toEqual([]);
    const semantic = estimate.perType.find((t) => t.type === 'semantic')!;
    // 1/4 of the instances as polygons (4), 1/4 as boxes (1), half as class maps (10): 6.25, so 3.75 saved.
    expect(semantic.savings!.mixedPerImage.expected).toBe(6.25);
    expect(semantic.savings!.perImage.expected).toBe(3.75);
    // As polygons: 1/4 as boxes (1), 3/4 as polygons (4): 3.25, so 0.75 saved.
    expect(estimate.perType.find((t) => t.type === 'polygon')!.savings!.perImage.expected).toBe(0.75);
    expect(estimate.input).toEqual({ dataset: null, scope: 'scope.json' });
  });

  it('estimateJob does not move a class to a type that costs more on this workload, whatever the quoted ratio', async () => {
    // Polygons grow with instances (exponent 1), class maps and boxes not at all. At 32 instances
    // per image (4× the reference) a polygon costs 4 · (0.2 + 0.8 · 4) = 13.6 box-images, more than
    // the class map's 10, though its quoted ratio (4) is below the class map's (10).
    const flat = { classesPerImage: 0, instancesPerImage: 0, complexity: 0 };
    const model: CostModel = {
      ...DEFAULT_COST_MODEL,
      exponents: {
        ...DEFAULT_COST_MODEL.exponents,
        box: flat,
        semantic: flat,
        polygon: { ...flat, instancesPerImage: 1 },
      },
    };
    const estimate = await estimateJob({
      scope: { name: 'scope.json', report: report(800) },
      model,
      settings: { types: ['polygon', 'semantic'], images: 100 },
    });
    expect(estimate.perType.find((t) => t.type === 'polygon')!.perImage.expected).toBeCloseTo(13.6, 12);
    expect(moved(estimate, 'semantic')).toEqual(['bus→box']);
    // A quarter as boxes (1), the rest as class maps (10): 7.75, so 2.25 saved.
    expect(estimate.perType.find((t) => t.type === 'semantic')!.savings!.perImage.expected).toBe(2.25);
  });

  it('estimateJob names the scope report and the class of a bad verdict', async () => {
    const bad = report(200);
    bad.perClass[1].verdict = 'boxes';
    await expect(
      estimateJob({
        scope: { name: 'scope.json', report: bad },
        model: DEFAULT_COST_MODEL,
        settings: { types: ['box'] },
      }),
    ).rejects.toThrow('scope.json: perClass[1] (id 2): "verdict" must be box, polygon or segmentation, got "boxes"');
  });

  it('estimateJob rejects with an AbortError caused by the reason of an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('no estimate'));
    await expect(
      estimateJob({
        scope: { name: 'scope.json', report: report(200) },
        model: DEFAULT_COST_MODEL,
        settings: { types: ['box'] },
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ name: 'AbortError', cause: new Error('no estimate') });
  });
});
