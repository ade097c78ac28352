/**
 * Inputs for the JSON-shape readers' fuzz (COCO, labelme, Label Studio, Cityscapes): random JSON
 * values and text, and valid documents of the format mutated at random places (a value replaced by
 * a hostile one, a key or list item deleted or duplicated, a key added, the text cut short), and
 * what a conversion does with a dataset once it is read.
 */
import { type CocoDataset, checkCocoDataset, segmentationToRle } from '@segkit/core';
import fc from 'fast-check';
import { cocoFormat } from '../../src/registry/coco.js';
import { countingSink, FUZZ_LIMITS } from './harness.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Stands for a list nested 1,500 deep (past the parser's 1,000): spliced into the text, as no JS value can be stringified so deep. */
const DEEP = '\u0000deep\u0000';
const DEEP_TEXT = `${'['.repeat(1500)}0${']'.repeat(1500)}`;

/** Values a hostile file puts where a reader expects something else. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom<Json>(
      null,
      0,
      -1,
      1,
      2,
      1.5,
      -0.5,
      1e300,
      -1e300,
      2 ** 31,
      2 ** 32,
      2 ** 53 + 2,
      4e8,
      '',
      'NaN',
      'Infinity',
      '8',
      'car',
      '../x',
      true,
      false,
      [],
      {},
      [null],
      [[]],
      [0, 0],
      [1, 2, 3],
      [
        [0, 0],
        [4, 0],
        [4, 4],
      ],
      [0, 0, 4, 0, 4, 4],
      { size: [6, 8], counts: [48] },
      { size: [6, 8], counts: '0' },
      { size: [1e9, 1e9], counts: [1] },
      DEEP,
    ),
  },
  { weight: 2, arbitrary: fc.integer({ min: -100, max: 100 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
);

/** Keys a mutation may add to an object: the fields the readers look for. */
const KEYS = [
  'id',
  'image_id',
  'category_id',
  'segmentation',
  'bbox',
  'area',
  'iscrowd',
  'width',
  'height',
  'size',
  'counts',
  'imageWidth',
  'imageHeight',
  'imageData',
  'shapes',
  'points',
  'shape_type',
  'group_id',
  'label',
  'imgWidth',
  'imgHeight',
  'objects',
  'polygon',
  'deleted',
  'original_width',
  'original_height',
  'value',
  'rle',
  'format',
  'type',
  'polygonlabels',
  'brushlabels',
  'result',
  'annotations',
  'predictions',
  'data',
  '__proto__',
];

export interface Mutation {
  kind: 'replace' | 'delete' | 'duplicate' | 'add';
  /** Which value of the document (its index in a depth-first walk, modulo their count). */
  at: number;
  value: Json;
  key: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('replace', 'replace', 'replace', 'delete', 'duplicate', 'add'),
  at: fc.nat(),
  value: hostileValue,
  key: fc.constantFrom(...KEYS),
});

/** Every container of `doc` and each of its values: [parent, key] pairs, depth first. */
function places(doc: Json): [Json[] | { [key: string]: Json }, string | number][] {
  const out: [Json[] | { [key: string]: Json }, string | number][] = [];
  const walk = (value: Json) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        out.push([value, i]);
        walk(item);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        out.push([value, key]);
        walk(value[key]);
      }
    }
  };
  walk(doc);
  return out;
}

/** `base` with `mutations` applied, as JSON text. */
export function mutated(base: unknown, mutations: readonly Mutation[]): string {
  const doc = structuredClone(base) as Json;
  for (const { kind, at, value: shared, key } of mutations) {
    // A fresh copy: the arbitraries hand out the same constant objects, and a list added into itself would be a cycle.
    const value = structuredClone(shared);
    const all = places(doc);
    if (all.length === 0) break;
    const [parent, slot] = all[at % all.length];
    const list = Array.isArray(parent) ? parent : undefined;
    const record = list === undefined ? (parent as { [key: string]: Json }) : undefined;
    if (kind === 'replace') {
      if (list) list[slot as number] = value;
      else if (record) record[slot as string] = value;
    } else if (kind === 'delete') {
      if (list) list.splice(slot as number, 1);
      else if (record) delete record[slot as string];
    } else if (kind === 'duplicate') {
      if (list) list.splice(slot as number, 0, structuredClone(list[slot as number]));
      else if (record) record[`${slot}_copy`] = structuredClone(record[slot as string]);
    } else {
      // JSON.parse makes "__proto__" an own key; an object literal here would set the prototype.
      const target = list ? list[slot as number] : record?.[slot as string];
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
        Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      } else if (Array.isArray(target)) target.push(value);
    }
  }
  return JSON.stringify(doc).replaceAll(JSON.stringify(DEEP), DEEP_TEXT);
}

/** The inputs of one format: mostly mutated `bases`, some random JSON, random text and cut-short documents. */
export function jsonInputs(bases: readonly unknown[]): fc.Arbitrary<string> {
  const base = fc.constantFrom(...bases);
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([b, m]) => mutated(b, m)),
    },
    { weight: 1, arbitrary: base.map((b) => JSON.stringify(b)) },
    {
      weight: 1,
      arbitrary: fc.tuple(base, fc.nat()).map(([b, cut]) => {
        const text = JSON.stringify(b);
        return text.slice(0, cut % text.length);
      }),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
}

/**
 * What a conversion does with a dataset a reader returned: check it as COCO, rasterize every
 * segmentation on its image, write it as COCO JSON. A reader must not hand on what these refuse
 * with anything but a SegkitError (an `area` of Infinity, a coordinate of 1e300).
 */
export async function convertOnward(dataset: CocoDataset): Promise<void> {
  const document = checkCocoDataset(dataset, { limits: FUZZ_LIMITS });
  for (const annotation of dataset.annotations) {
    const size = document.sizes.get(annotation.image_id);
    if (size !== undefined && annotation.segmentation !== undefined) {
      segmentationToRle(annotation.segmentation, size[0], size[1]);
    }
  }
  await cocoFormat.write?.(dataset, countingSink(), { limits: FUZZ_LIMITS });
}
