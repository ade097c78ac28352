import { describe, expect, it } from 'vitest';
import { samplePilot } from '../../src/index.js';
import { makeProfile } from './profiles.js';

const NAMES = { 0: 'road', 1: 'car', 2: 'bicyclist' };

// Ten street scenes: road everywhere, cars in most, a bicyclist in one (rare: 50 of 10,500 pixels).
const STREETS = makeProfile(
  Array.from({ length: 10 }, (_, i) => ({
    file: `${i < 5 ? 'seqA' : 'seqB'}_${String(i).padStart(3, '0')}.png`,
    source: i < 5 ? 'seqA' : 'seqB',
    pixels: { 0: 1000, ...(i % 3 !== 0 ? { 1: 20 } : {}), ...(i === 7 ? { 2: 50 } : {}) },
    regions: i + 1,
  })),
  NAMES,
);

describe('samplePilot', () => {
  it('samplePilot(k 1) takes the only image with the rarest class, and says why', () => {
    const { pilot } = samplePilot(STREETS, { k: 1, goldShare: 0 });
    expect(pilot).toHaveLength(1);
    expect(pilot[0].fileName).toBe('seqB_007.png');
    // bicyclist: 50 / (10 · 1000 + 6 · 20 + 50) = 50 / 10,170 = 0.49% of pixels.
    expect(pilot[0].reasons[0]).toBe("first image with class 'bicyclist' (rare: 0.5% of pixels, in 1 of 10 images)");
    expect(pilot[0].reasons[1]).toBe("also first with 'road', 'car'");
  });

  it('samplePilot(k 4) covers every class, then spreads over density bins and sources', () => {
    const result = samplePilot(STREETS, { k: 4, goldShare: 0, densityBins: 2 });
    expect(result.pilot).toHaveLength(4);
    expect(result.coverage.missing.pilot).toEqual([]);
    expect(result.pilot.filter((p) => p.source === 'seqA').length).toBeGreaterThanOrEqual(1);
    expect(new Set(result.pilot.map((p) => p.densityBin))).toEqual(new Set([1, 2]));
    expect(result.pilot[1].reasons[0]).toMatch(/^spread: density bin [12]\/2 \(\d+–\d+ regions\), source seq[AB]/);
  });

  it('the gold set is --gold-share of the dataset, picked from what the pilot left', () => {
    const result = samplePilot(STREETS, { k: 3, goldShare: 0.2 });
    expect(result.settings.goldSize).toBe(2);
    expect(result.gold).toHaveLength(2);
    const pilot = new Set(result.pilot.map((p) => p.imageId));
    for (const g of result.gold) expect(pilot.has(g.imageId)).toBe(false);
    // The only bicyclist image went to the pilot: the gold set cannot hold the class, and says so.
    expect(result.coverage.missing.gold).toEqual(['bicyclist']);
    expect(result.notes).toContain("gold: no image left holds class 'bicyclist' (the earlier picks took them all)");
  });

  it('k larger than the dataset: the pilot is every image, with a note, and the gold set is empty', () => {
    const result = samplePilot(STREETS, { k: 50 });
    expect(result.pilot).toHaveLength(10);
    expect(result.gold).toEqual([]);
    expect(result.notes).toContain('--k 50 is more than the 10 images of the dataset: the pilot is every image');
    expect(
      result.notes.some((n) => n.startsWith('the gold set should have 1 image (10.0% of 10) but the pilot left 0')),
    ).toBe(true);
  });

  it('a class present in no image is listed as absent, with a note, and does not stop the sampling', () => {
    const withGhost = makeProfile(
      [
        { file: 'a.png', pixels: { 0: 10 } },
        { file: 'b.png', pixels: { 0: 10 } },
      ],
      { 0: 'road', 9: 'ghost' },
    );
    const result = samplePilot(withGhost, { k: 2, goldShare: 0 });
    expect(result.pilot).toHaveLength(2);
    expect(result.coverage.absent).toEqual(['ghost']);
    expect(result.coverage.missing.pilot).toEqual([]);
    expect(result.notes).toContain("class 'ghost' (id 9) is in no image: no pick can cover it");
  });

  it('an empty dataset gives no picks and a note, not an error', () => {
    const result = samplePilot(makeProfile([], { 0: 'road' }), { k: 25 });
    expect(result.pilot).toEqual([]);
    expect(result.gold).toEqual([]);
    expect(result.coverage.densityBins).toEqual([]);
    expect(result.notes).toContain('the dataset has no images: nothing to sample');
  });

  it('k below the number of classes covers the rarest classes first', () => {
    // One class per image; class 3 has the fewest pixels, then 2, 1, 0.
    const oneEach = makeProfile(
      [0, 1, 2, 3].map((id) => ({ file: `${id}.png`, pixels: { [id]: 1000 - id * 300 } })),
      { 0: 'a', 1: 'b', 2: 'c', 3: 'd' },
    );
    const result = samplePilot(oneEach, { k: 2, goldShare: 0 });
    expect(result.pilot.map((p) => p.fileName)).toEqual(['3.png', '2.png']);
    expect(result.coverage.missing.pilot).toEqual(['a', 'b']);
    expect(result.notes).toContain(
      '--k 2 is fewer than the 4 classes: the rarest are covered first, 2 are not in the pilot',
    );
  });

  it('instance data ranks rarity by share of regions and says so', () => {
    const instances = makeProfile(
      [
        { file: 'a.png', pixels: { 1: 5, 2: 5000 } },
        { file: 'b.png', pixels: { 1: 5 } },
      ],
      { 1: 'many', 2: 'big' },
      false,
    );
    const result = samplePilot(instances, { k: 1, goldShare: 0 });
    expect(result.settings.rarity).toBe('regions');
    // big: 1 region of 3 = 33.3%; many: 2 of 3.
    expect(result.pilot[0].reasons[0]).toBe("first image with class 'big' (33.3% of regions, in 1 of 2 images)");
  });
});
