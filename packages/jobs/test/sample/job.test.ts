import { describe, expect, it } from 'vitest';
import { profileJob, sampleJob } from '../../src/sample/job.js';

/** Three 4 × 4 images: class "cat" (a 2 × 2 square) in each, class "owl" only in the third. */
function small() {
  const square = (id: number, image: number, category: number) => ({
    id,
    image_id: image,
    category_id: category,
    segmentation: [[0, 0, 2, 0, 2, 2, 0, 2]],
  });
  return {
    images: [1, 2, 3].map((id) => ({ id, file_name: `site${id === 3 ? 'B' : 'A'}/img${id}.png`, width: 4, height: 4 })),
    categories: [
      { id: 1, name: 'cat' },
      { id: 2, name: 'owl' },
    ],
    annotations: [square(1, 1, 1), square(2, 2, 1), square(3, 3, 1), square(4, 3, 2)],
  };
}

const options = { input: 'small.json', from: 'coco', semantic: false, minArea: 0 };

describe('sampleJob', () => {
  it('sampleJob picks the only image with the rare class first and names the dataset', async () => {
    const report = await sampleJob(small(), { ...options, k: 1, goldShare: 0 });
    expect(report.dataset).toEqual({ input: 'small.json', from: 'coco', semantic: false });
    // owl: 1 region of 4 = 25%, the rarer class; only image 3 has it.
    expect(report.pilot.map((p) => p.imageId)).toEqual([3]);
    expect(report.gold).toEqual([]);
  });

  it('profileJob takes the sources from the first capture group of sourcePattern', async () => {
    const profile = await profileJob(small(), { ...options, sourcePattern: /^([^/]+)\// });
    expect(profile.images.map((i) => i.source)).toEqual(['siteA', 'siteA', 'siteB']);
    // 2 × 2 squares: 4 pixels each, 4 annotations.
    expect(profile.pixels).toBe(16);
    expect(profile.regions).toBe(4);
  });

  it('sampleJob reports progress up to (4, 4) and stops on an abort raised from it', async () => {
    const calls: [number, number][] = [];
    await sampleJob(small(), { ...options, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.at(-1)).toEqual([4, 4]);
    const controller = new AbortController();
    const run = sampleJob(small(), {
      ...options,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('enough')),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError', cause: new Error('enough') });
  });

  it('sampleJob names the dataset and the annotation with an unknown class', async () => {
    const dataset = small();
    dataset.annotations[1].category_id = 9;
    await expect(sampleJob(dataset, options)).rejects.toThrow(
      'small.json: annotation 1 (id 2): category_id 9 is not in "categories"',
    );
  });
});
