import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samplePilot } from '../../src/index.js';
import { type ImageSpec, makeProfile } from './profiles.js';

const NAMES = { 0: 'c0', 1: 'c1', 2: 'c2', 3: 'c3', 4: 'c4' };

/** Datasets of 0–30 images, each holding a random subset of five classes, from two to three sources. */
const datasets = fc.array(
  fc.record({
    classes: fc.subarray([0, 1, 2, 3, 4]),
    pixels: fc.integer({ min: 1, max: 5000 }),
    regions: fc.integer({ min: 0, max: 60 }),
    source: fc.constantFrom('s1', 's2', 's3'),
  }),
  { maxLength: 30 },
);

function build(items: { classes: number[]; pixels: number; regions: number; source: string }[]) {
  const specs: ImageSpec[] = items.map((item, i) => ({
    file: `${item.source}_${i}.png`,
    source: item.source,
    pixels: Object.fromEntries(item.classes.map((id) => [id, item.pixels * (id + 1)])),
    regions: item.regions,
  }));
  return makeProfile(specs, NAMES);
}

describe('samplePilot properties', () => {
  it('the same dataset and seed give the same picks (seeds 0..2^32-1)', () => {
    fc.assert(
      fc.property(datasets, fc.integer({ min: 1, max: 40 }), fc.nat(0xffffffff), (items, k, seed) => {
        const profile = build(items);
        expect(samplePilot(profile, { k, seed })).toEqual(samplePilot(profile, { k, seed }));
      }),
    );
  });

  it('pilot and gold are disjoint, of the asked sizes, and cover every present class when k ≥ #classes', () => {
    fc.assert(
      fc.property(
        datasets,
        fc.integer({ min: 5, max: 40 }),
        fc.nat(),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (items, k, seed, goldShare) => {
          const profile = build(items);
          const result = samplePilot(profile, { k, seed, goldShare });
          const n = profile.images.length;
          expect(result.pilot).toHaveLength(Math.min(k, n));
          const pilot = new Set(result.pilot.map((p) => p.imageId));
          expect(pilot.size).toBe(result.pilot.length);
          const gold = new Set(result.gold.map((p) => p.imageId));
          expect(gold.size).toBe(result.gold.length);
          for (const id of gold) expect(pilot.has(id)).toBe(false);
          expect(result.gold.length).toBe(Math.min(result.settings.goldSize, n - result.pilot.length));
          // Five classes at most, k ≥ 5: nothing present is missing from the pilot.
          expect(result.coverage.missing.pilot).toEqual([]);
          for (const pick of [...result.pilot, ...result.gold]) expect(pick.reasons.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
