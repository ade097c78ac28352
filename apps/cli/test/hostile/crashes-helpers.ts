/**
 * Generated documents for the crash and message suites (crashes.test.ts, messages.test.ts): one
 * small valid document per format (an 8×6 image with one triangle of "car"), written with a
 * change, and the JSON of a value nested far deeper than any reader walks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `{"a":{"a":…1…}}`, `levels` deep, as text (no JavaScript value that deep can be stringified). */
export const deepObject = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
export const deepList = (levels: number): string => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

/** JSON text of `value` with the string "@DEEP@" in it replaced by `deep`. */
export const withDeep = (value: unknown, deep: string): string => JSON.stringify(value).replace('"@DEEP@"', deep);

export const cocoDoc = () => ({
  info: { description: 'hostile' },
  images: [{ id: 1, file_name: 'a.jpg', width: 8, height: 6 }] as Record<string, unknown>[],
  annotations: [
    {
      id: 1,
      image_id: 1,
      category_id: 1,
      segmentation: [[1, 1, 6, 1, 3, 5]],
      area: 12,
      bbox: [1, 1, 5, 4],
      iscrowd: 0,
    },
  ] as unknown[],
  categories: [{ id: 1, name: 'car' }] as unknown[],
});

export const labelmeDoc = () => ({
  version: '5.0.1',
  flags: {} as unknown,
  imagePath: 'a.jpg',
  imageData: null,
  imageHeight: 6 as unknown,
  imageWidth: 8 as unknown,
  shapes: [
    {
      label: 'car',
      shape_type: 'polygon',
      points: [
        [1, 1],
        [6, 1],
        [3, 5],
      ] as unknown[],
      group_id: null,
      flags: {},
    },
  ] as unknown[],
});

export const labelStudioDoc = () => [
  {
    id: 5,
    data: { image: 'a.jpg' } as Record<string, unknown>,
    annotations: [
      {
        id: 6,
        result: [
          {
            type: 'polygonlabels',
            original_width: 8 as unknown,
            original_height: 6 as unknown,
            value: {
              points: [
                [10, 10],
                [80, 10],
                [40, 80],
              ] as unknown[],
              polygonlabels: ['car'],
            },
          },
        ] as unknown[],
      },
    ],
  },
];

export const cityscapesDoc = () => ({
  imgHeight: 6 as unknown,
  imgWidth: 8 as unknown,
  objects: [
    {
      label: 'car',
      polygon: [
        [1, 1],
        [6, 1],
        [3, 5],
      ],
    },
  ] as unknown[],
});

/** A CVAT annotations.xml of one image (`width` × `height`) with one polygon (`points`). */
export const cvatXml = (width = '8', height = '6', points = '1,1;6,1;3,5'): string =>
  `<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n  <image id="0" name="a.jpg" width="${width}" height="${height}">\n    <polygon label="car" points="${points}" occluded="0" z_order="0"></polygon>\n  </image>\n</annotations>\n`;

/** Writes `text` at `dir/name` and returns the path. */
export function put(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A Cityscapes folder `dir/name` holding one polygons document; returns [folder, document]. */
export function cityscapesFolder(dir: string, name: string, text: string): [string, string] {
  const folder = join(dir, name);
  mkdirSync(folder);
  return [folder, put(folder, 'a_000000_000019_gtFine_polygons.json', text)];
}
