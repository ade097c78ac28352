/**
 * The workload the cost model is applied to: the dataset's mean image (classes and instances per
 * image, median boundary complexity), its classes with their share of the instances, which are rare,
 * and, from a scope report, each class's verdict. Built the same way from a scope report
 * (`segkit scope --format json`) or from a dataset profile, so both give the same numbers.
 */
import { SegkitError, showValue } from '@segkit/core';
import type { ScopeReport, Verdict } from '../report/types.js';
import type { DatasetProfile } from '../sample/profile.js';

export interface ClassWork {
  id: number;
  name: string;
  instances: number;
  /** Share of the dataset's instances (regions): the class's share of the labelling work. */
  share: number;
  /** Share of pixels (semantic data) or of instances: what decides rarity. */
  rarityShare: number;
  rare: boolean;
  /** From a scope report only. */
  verdict?: Verdict;
}

export interface Workload {
  from: 'scope' | 'dataset';
  semantic: boolean;
  images: number;
  classesPerImage: number;
  instancesPerImage: number;
  /** Instance-weighted mean of the classes' median perimeter² / area; null when nothing was measured. */
  complexity: number | null;
  classes: ClassWork[];
  /** Share of the instances that belong to rare classes. */
  rareInstanceShare: number;
  hasVerdicts: boolean;
}

interface ClassInput {
  id: number;
  name: string;
  images: number;
  instances: number;
  pixels: number;
  complexity: number | null;
  verdict?: Verdict;
}

function build(
  from: Workload['from'],
  semantic: boolean,
  images: number,
  input: ClassInput[],
  rareShare: number,
): Workload {
  const instances = input.reduce((s, c) => s + c.instances, 0);
  const pixels = input.reduce((s, c) => s + c.pixels, 0);
  const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
  const classes: ClassWork[] = input.map((c) => {
    const rarityShare = semantic ? share(c.pixels, pixels) : share(c.instances, instances);
    return {
      id: c.id,
      name: c.name,
      instances: c.instances,
      share: share(c.instances, instances),
      rarityShare,
      rare: c.images > 0 && rarityShare < rareShare,
      ...(c.verdict === undefined ? {} : { verdict: c.verdict }),
    };
  });
  let weighted = 0;
  let weight = 0;
  for (const c of input) {
    if (c.complexity === null || c.instances === 0) continue;
    weighted += c.complexity * c.instances;
    weight += c.instances;
  }
  return {
    from,
    semantic,
    images,
    classesPerImage: share(
      input.reduce((s, c) => s + c.images, 0),
      images,
    ),
    instancesPerImage: share(instances, images),
    complexity: weight > 0 ? weighted / weight : null,
    classes,
    rareInstanceShare: classes.filter((c) => c.rare).reduce((s, c) => s + c.share, 0),
    hasVerdicts: input.some((c) => c.verdict !== undefined),
  };
}

/** From `segkit estimate DATASET`: no verdicts. */
export function workloadFromProfile(profile: DatasetProfile, rareShare: number): Workload {
  return build(
    'dataset',
    profile.semantic,
    profile.images.length,
    profile.classes.map((c) => ({ ...c, instances: c.regions })),
    rareShare,
  );
}

const VERDICTS: readonly string[] = ['box', 'polygon', 'segmentation'];

function fail(where: string, message: string): never {
  throw new SegkitError('INVALID_JSON', message, where === '' ? [] : [where]);
}

const count = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** From `segkit estimate --scope REPORT.json`: checks the parts of the report it reads, naming the item. */
export function workloadFromScope(report: unknown, rareShare: number): Workload {
  const r = report as Partial<ScopeReport> | null;
  if (r === null || typeof r !== 'object' || typeof r.dataset !== 'object' || r.dataset === null) {
    fail('', 'a scope report is the JSON object `segkit scope --format json` prints, with "dataset" and "perClass"');
  }
  if (!count(r.dataset.images)) fail('dataset.images', `must be a count, got ${showValue(r.dataset.images)}`);
  if (!Array.isArray(r.perClass)) fail('perClass', 'is missing or not a list');
  const classes = r.perClass.map((c, i): ClassInput => {
    const where = `perClass[${i}]${c && typeof c === 'object' && 'id' in c ? ` (id ${c.id})` : ''}`;
    if (c === null || typeof c !== 'object') fail(where, 'not an object');
    for (const key of ['id', 'instances', 'images', 'pixels'] as const) {
      if (!count(c[key])) fail(where, `"${key}" must be a count, got ${showValue(c[key])}`);
    }
    if (!VERDICTS.includes(c.verdict)) {
      fail(where, `"verdict" must be box, polygon or segmentation, got ${showValue(c.verdict)}`);
    }
    const median = c.complexity?.median;
    if (median !== null && median !== undefined && !count(median)) {
      fail(where, `"complexity.median" must be a number or null, got ${showValue(median)}`);
    }
    return {
      id: c.id,
      name: typeof c.name === 'string' ? c.name : `class_${c.id}`,
      images: c.images,
      instances: c.instances,
      pixels: c.pixels,
      complexity: median ?? null,
      verdict: c.verdict,
    };
  });
  return build('scope', r.dataset.semantic === true, r.dataset.images, classes, rareShare);
}
