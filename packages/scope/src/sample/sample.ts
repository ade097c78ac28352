/**
 * The pilot sampler: K images to label first, and the QA gold set of the full project, both chosen
 * by the same two rules, each pick with the reasons it was made.
 *
 * 1. Coverage, rarest class first. Classes are ranked by their share of the pixels (semantic data) or
 *    of the regions (instance data); for each class no pick holds yet, one image holding it is drawn
 *    (seeded, weighted by the class's pixels in the image, so clear examples are likelier). So every
 *    class is covered when K ≥ number of classes, and the rarest ones are covered first when it is not.
 * 2. Spread. The remaining picks go to strata of (scene-density bin × source): each time, the stratum
 *    whose bin and source have the smallest (picks + 1) / √size, summed over the two. That is
 *    square-root allocation (Kish, "Survey Sampling", 1965) on each margin: between equal picks per
 *    group (every kind of scene shows up) and picks proportional to size (common scenes dominate). Inside the stratum an image is drawn with weight
 *    1 + rareWeight · Σ over its rare classes of 1 / (1 + picks already holding that class), which
 *    over-weights rare classes while they have few examples.
 *
 * Everything random comes from mulberry32(seed): the same dataset and seed give the same picks.
 * The gold set is picked after the pilot, from the images the pilot left, so the two are disjoint.
 */
import { densityBins } from './density.js';
import type { ClassProfile, DatasetProfile, ImageProfile } from './profile.js';
import { mulberry32, permutation, weightedIndex } from './random.js';

export interface SampleOptions {
  /** Pilot size (default 25). */
  k?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Gold set size as a share of the dataset's images (default 0.1; at least one image when > 0). */
  goldShare?: number;
  /** Number of scene-density bins (default 4). */
  densityBins?: number;
  /** A class is rare below this share of pixels (semantic) or regions (instance) (default 0.02). */
  rareShare?: number;
  /** How much a rare class raises an image's weight in the spread step (default 3). */
  rareWeight?: number;
}

export interface SamplePick {
  imageId: number | string;
  fileName: string;
  source: string;
  /** 1-based density bin and the image's region count. */
  densityBin: number;
  regions: number;
  /** Names of the classes in the image. */
  classes: string[];
  /** Why the image was chosen, first reason first. */
  reasons: string[];
}

export interface ClassCoverage {
  id: number;
  name: string;
  images: number;
  pixelShare: number;
  regionShare: number;
  rare: boolean;
  /** Picks holding the class. */
  pilot: number;
  gold: number;
}

export interface SampleCoverage {
  classes: ClassCoverage[];
  /** Classes present in the dataset but in no pick of the pilot / gold set. */
  missing: { pilot: string[]; gold: string[] };
  /** Classes named by the dataset that no image holds. */
  absent: string[];
  densityBins: { bin: number; min: number; max: number; images: number; pilot: number; gold: number }[];
  sources: { name: string; images: number; pilot: number; gold: number }[];
}

export interface SampleResult {
  settings: Required<SampleOptions> & { images: number; goldSize: number; rarity: 'pixels' | 'regions' };
  pilot: SamplePick[];
  gold: SamplePick[];
  coverage: SampleCoverage;
  /** What the sampler could not do as asked, in words (K above the dataset size, absent classes...). */
  notes: string[];
}

const DEFAULTS: Required<SampleOptions> = {
  k: 25,
  seed: 1,
  goldShare: 0.1,
  densityBins: 4,
  rareShare: 0.02,
  rareWeight: 3,
};

/** "0.4%", "12.5%", "0.013%": one decimal, or two significant digits below 0.1%. */
export function percent(share: number): string {
  const p = share * 100;
  if (p === 0) return '0%';
  return p >= 0.1 ? `${p.toFixed(1)}%` : `${p.toPrecision(2)}%`;
}

interface Context {
  profile: DatasetProfile;
  settings: SampleResult['settings'];
  random: () => number;
  binOf: number[];
  binCount: number;
  binLabel: (b: number) => string;
  /** Non-empty (density bin × source) strata, in a seeded order that breaks ties. */
  strata: Stratum[];
  binSizes: number[];
  sourceSizes: Map<string, number>;
  share: (c: ClassProfile) => number;
  rare: Set<number>;
  byClass: Map<number, ClassProfile>;
}

interface Picked {
  image: ImageProfile;
  reasons: string[];
}

interface Stratum {
  bin: number;
  source: string;
  members: number[];
}

function describeClass(ctx: Context, c: ClassProfile): string {
  const unit = ctx.settings.rarity === 'pixels' ? 'of pixels' : 'of regions';
  const where = `in ${c.images} of ${ctx.profile.images.length} images`;
  return `${ctx.rare.has(c.id) ? 'rare: ' : ''}${percent(ctx.share(c))} ${unit}, ${where}`;
}

function whereLabel(ctx: Context, image: ImageProfile): string {
  return `density bin ${ctx.binOf[image.index] + 1}/${ctx.binCount} (${ctx.binLabel(ctx.binOf[image.index])}), source ${image.source}`;
}

/** Picks `count` images from `available` (removing them), by coverage then spread. */
function pickSet(ctx: Context, available: Set<number>, count: number, label: string, notes: string[]): Picked[] {
  const { profile } = ctx;
  const picks: Picked[] = [];
  const covered = new Set<number>();
  const classPicks = new Map<number, number>();
  const binPicks = new Map<string | number, number>();
  const sourcePicks = new Map<string | number, number>();
  // Square-root allocation on each margin: small when the density bin and the source are both
  // little sampled for their size.
  const marginScore = (bin: number, source: string) =>
    ((binPicks.get(bin) ?? 0) + 1) / Math.sqrt(ctx.binSizes[bin]) +
    ((sourcePicks.get(source) ?? 0) + 1) / Math.sqrt(ctx.sourceSizes.get(source)!);
  const take = (image: ImageProfile, why: string[]) => {
    available.delete(image.index);
    picks.push({ image, reasons: why });
    for (const c of image.classes) {
      covered.add(c.id);
      classPicks.set(c.id, (classPicks.get(c.id) ?? 0) + 1);
    }
    const bin = ctx.binOf[image.index];
    binPicks.set(bin, (binPicks.get(bin) ?? 0) + 1);
    sourcePicks.set(image.source, (sourcePicks.get(image.source) ?? 0) + 1);
  };

  const byRarity = profile.classes
    .filter((c) => c.images > 0)
    .sort((a, b) => ctx.share(a) - ctx.share(b) || a.images - b.images || a.id - b.id);
  for (const c of byRarity) {
    if (picks.length >= count) break;
    if (covered.has(c.id)) continue;
    const candidates = [...available]
      .sort((a, b) => a - b)
      .map((i) => profile.images[i])
      .filter((image) => image.classes.some((entry) => entry.id === c.id));
    if (candidates.length === 0) {
      notes.push(`${label}: no image left holds class '${c.name}' (the earlier picks took them all)`);
      continue;
    }
    // Weighted by the class's pixels in the image, and away from density bins and sources already sampled.
    const weights = candidates.map(
      (image) =>
        image.classes.find((entry) => entry.id === c.id)!.pixels /
        marginScore(ctx.binOf[image.index], image.source) ** 2,
    );
    const image = candidates[weightedIndex(weights, ctx.random)];
    const others = image.classes.filter((entry) => entry.id !== c.id && !covered.has(entry.id));
    const why = [`first image with class '${c.name}' (${describeClass(ctx, c)})`];
    if (others.length > 0) {
      why.push(`also first with ${others.map((entry) => `'${ctx.byClass.get(entry.id)!.name}'`).join(', ')}`);
    }
    why.push(whereLabel(ctx, image));
    take(image, why);
  }

  while (picks.length < count && available.size > 0) {
    let best: Stratum | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const stratum of ctx.strata) {
      if (!stratum.members.some((i) => available.has(i))) continue;
      const score = marginScore(stratum.bin, stratum.source);
      if (score < bestScore) {
        bestScore = score;
        best = stratum;
      }
    }
    const candidates = best!.members.filter((i) => available.has(i)).map((i) => profile.images[i]);
    const weights = candidates.map((image) => {
      let w = 1;
      for (const entry of image.classes) {
        if (ctx.rare.has(entry.id)) w += ctx.settings.rareWeight / (1 + (classPicks.get(entry.id) ?? 0));
      }
      return w;
    });
    const chosen = weightedIndex(weights, ctx.random);
    const image = candidates[chosen];
    const why = [`spread: ${whereLabel(ctx, image)}, the least sampled for their size`];
    const mean = weights.reduce((a, b) => a + b, 0) / weights.length;
    const rare = image.classes.filter((entry) => ctx.rare.has(entry.id));
    if (rare.length > 0 && weights[chosen] > mean * 1.05) {
      const fewest = [...rare].sort((a, b) => (classPicks.get(a.id) ?? 0) - (classPicks.get(b.id) ?? 0) || a.id - b.id);
      const names = fewest.slice(0, 3).map((entry) => {
        const c = ctx.byClass.get(entry.id)!;
        return `'${c.name}' (${percent(ctx.share(c))}, in ${classPicks.get(c.id) ?? 0} earlier picks)`;
      });
      why.push(`drawn at ${(weights[chosen] / mean).toFixed(1)}× the average weight for rare ${names.join(', ')}`);
    }
    take(image, why);
  }
  return picks;
}

function toPick(ctx: Context, { image, reasons }: Picked): SamplePick {
  return {
    imageId: image.imageId,
    fileName: image.fileName,
    source: image.source,
    densityBin: ctx.binOf[image.index] + 1,
    regions: image.regions,
    classes: image.classes.map((entry) => ctx.byClass.get(entry.id)!.name),
    reasons,
  };
}

/** Chooses the pilot and the gold set of a profiled dataset; see the module comment for the rules. */
export function samplePilot(profile: DatasetProfile, options: SampleOptions = {}): SampleResult {
  const base = { ...DEFAULTS, ...options };
  const n = profile.images.length;
  const goldSize = base.goldShare > 0 && n > 0 ? Math.max(1, Math.round(base.goldShare * n)) : 0;
  const settings: SampleResult['settings'] = {
    ...base,
    images: n,
    goldSize,
    rarity: profile.semantic ? 'pixels' : 'regions',
  };
  const share = (c: ClassProfile) => (profile.semantic ? c.pixelShare : c.regionShare);
  const { binOf, ranges } = densityBins(
    profile.images.map((image) => image.regions),
    base.densityBins,
  );
  const random = mulberry32(base.seed);
  const strata = new Map<string, Stratum>();
  const sourceSizes = new Map<string, number>();
  for (const image of profile.images) {
    const bin = binOf[image.index];
    const key = `${bin}\u0000${image.source}`;
    const stratum = strata.get(key) ?? { bin, source: image.source, members: [] };
    stratum.members.push(image.index);
    strata.set(key, stratum);
    sourceSizes.set(image.source, (sourceSizes.get(image.source) ?? 0) + 1);
  }
  // Ties between strata are broken in a seeded order, not in the order the images happen to come.
  const keys = [...strata.keys()].sort();
  const ctx: Context = {
    profile,
    settings,
    random,
    binOf,
    binCount: ranges.length,
    binLabel: (b) => {
      const { min, max } = ranges[b];
      return `${min === max ? min : `${min}–${max}`} region${max === 1 ? '' : 's'}`;
    },
    strata: permutation(keys.length, random).map((i) => strata.get(keys[i])!),
    binSizes: ranges.map((_, b) => binOf.filter((x) => x === b).length),
    sourceSizes,
    share,
    rare: new Set(profile.classes.filter((c) => c.images > 0 && share(c) < base.rareShare).map((c) => c.id)),
    byClass: new Map(profile.classes.map((c) => [c.id, c])),
  };

  const notes: string[] = [];
  if (n === 0) notes.push('the dataset has no images: nothing to sample');
  for (const c of profile.classes.filter((c) => c.images === 0)) {
    notes.push(`class '${c.name}' (id ${c.id}) is in no image: no pick can cover it`);
  }
  if (base.k > n && n > 0) {
    notes.push(`--k ${base.k} is more than the ${n} images of the dataset: the pilot is every image`);
  }
  const available = new Set(profile.images.map((image) => image.index));
  const pilotImages = pickSet(ctx, available, Math.min(base.k, n), 'pilot', notes);
  const goldCount = Math.min(goldSize, available.size);
  if (goldCount < goldSize) {
    notes.push(
      `the gold set should have ${goldSize} image${goldSize === 1 ? '' : 's'} (${percent(base.goldShare)} of ${n}) but the pilot left ${available.size}`,
    );
  }
  const goldImages = pickSet(ctx, available, goldCount, 'gold', notes);
  const pilot = pilotImages.map((image) => toPick(ctx, image));
  const gold = goldImages.map((image) => toPick(ctx, image));

  const holding = (set: Picked[], id: number) =>
    set.filter(({ image }) => image.classes.some((entry) => entry.id === id)).length;
  const classes: ClassCoverage[] = profile.classes.map((c) => ({
    id: c.id,
    name: c.name,
    images: c.images,
    pixelShare: c.pixelShare,
    regionShare: c.regionShare,
    rare: ctx.rare.has(c.id),
    pilot: holding(pilotImages, c.id),
    gold: holding(goldImages, c.id),
  }));
  const present = classes.filter((c) => c.images > 0);
  const missing = {
    pilot: present.filter((c) => c.pilot === 0).map((c) => c.name),
    gold: goldCount > 0 ? present.filter((c) => c.gold === 0).map((c) => c.name) : [],
  };
  if (missing.pilot.length > 0 && base.k < present.length && n > 0) {
    notes.push(
      `--k ${base.k} is fewer than the ${present.length} classes: the rarest are covered first, ${missing.pilot.length} are not in the pilot`,
    );
  }
  const count = (set: SamplePick[], test: (p: SamplePick) => boolean) => set.filter(test).length;
  const sourceNames = [...new Set(profile.images.map((image) => image.source))].sort();
  return {
    settings,
    pilot,
    gold,
    coverage: {
      classes,
      missing,
      absent: classes.filter((c) => c.images === 0).map((c) => c.name),
      densityBins: ranges.map(({ min, max }, b) => ({
        bin: b + 1,
        min,
        max,
        images: binOf.filter((x) => x === b).length,
        pilot: count(pilot, (p) => p.densityBin === b + 1),
        gold: count(gold, (p) => p.densityBin === b + 1),
      })),
      sources: sourceNames.map((name) => ({
        name,
        images: profile.images.filter((image) => image.source === name).length,
        pilot: count(pilot, (p) => p.source === name),
        gold: count(gold, (p) => p.source === name),
      })),
    },
    notes,
  };
}
