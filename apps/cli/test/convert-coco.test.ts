import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segkit } from './run-cli.js';

// Expected outputs come from the pycocotools reference vectors the core tests use.
const fixtures = new URL('../../../packages/core/test/fixtures/', import.meta.url);
const poly = JSON.parse(readFileSync(new URL('poly.json', fixtures), 'utf8')) as {
  cases: { id: string; h: number; w: number; polygons: number[][]; rle: string }[];
};
const rle = JSON.parse(readFileSync(new URL('rle.json', fixtures), 'utf8')) as {
  cases: { id: string; h: number; w: number; counts: number[]; rle: string }[];
  noncanonical: { id: string; h: number; w: number; counts: number[]; rle: string }[];
};

function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'segkit-convert-'));
}

/** One image per reference case, its segmentation in the form given, plus fields that must survive. */
function referenceDataset() {
  const images: object[] = [];
  const annotations: object[] = [];
  const expected = new Map<number, { size: [number, number]; counts: string }>();
  let id = 1;
  const add = (h: number, w: number, segmentation: unknown, counts: string) => {
    images.push({ id: 1000 + id, width: w, height: h, file_name: `case${id}.jpg`, license: 3 });
    annotations.push({
      id,
      image_id: 1000 + id,
      category_id: 7,
      segmentation,
      area: 1.5,
      bbox: [1, 2, 3, 4],
      iscrowd: 0,
      note: { kept: [id] },
    });
    expected.set(id, { size: [h, w], counts });
    id++;
  };
  for (const c of poly.cases) add(c.h, c.w, c.polygons, c.rle);
  for (const c of rle.cases) add(c.h, c.w, { size: [c.h, c.w], counts: c.counts }, c.rle);
  for (const c of rle.noncanonical) add(c.h, c.w, { size: [c.h, c.w], counts: c.counts }, c.rle);
  for (const c of rle.cases.slice(0, 40)) add(c.h, c.w, { size: [c.h, c.w], counts: c.rle }, c.rle);
  return { dataset: { info: { year: 2026 }, images, annotations, categories: [{ id: 7, name: 'thing' }] }, expected };
}

describe('segkit convert --from coco --to coco --mask-encoding rle', () => {
  it('rewrites polygons, uncompressed and compressed RLE as the compressed RLE pycocotools annToRLE gives', () => {
    const dir = workspace();
    const { dataset, expected } = referenceDataset();
    writeFileSync(join(dir, 'in.json'), JSON.stringify(dataset));
    const run = segkit(
      'convert',
      join(dir, 'in.json'),
      join(dir, 'out.json'),
      '--from',
      'coco',
      '--to',
      'coco',
      '--mask-encoding',
      'rle',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(out.annotations).toHaveLength(expected.size);
    for (const annotation of out.annotations) {
      expect(annotation.segmentation, `annotation ${annotation.id}`).toEqual(expected.get(annotation.id));
    }
    // Every other field, of the file and of each annotation, is untouched.
    const { annotations: before, ...restBefore } = dataset;
    const { annotations: after, ...restAfter } = out;
    expect(restAfter).toEqual(restBefore);
    for (let i = 0; i < before.length; i++) {
      const { segmentation: _a, ...fieldsBefore } = before[i] as Record<string, unknown>;
      const { segmentation: _b, ...fieldsAfter } = after[i];
      expect(fieldsAfter).toEqual(fieldsBefore);
    }
  });

  it('--format json prints exactly one JSON object with the counts of each kind', () => {
    const dir = workspace();
    const { dataset } = referenceDataset();
    writeFileSync(join(dir, 'in.json'), JSON.stringify(dataset));
    const run = segkit('convert', join(dir, 'in.json'), join(dir, 'out.json'), '--format', 'json');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({
      annotations: dataset.annotations.length,
      polygons: poly.cases.length,
      uncompressedRle: rle.cases.length + rle.noncanonical.length,
      compressedRle: 40,
      lossless: true,
    });
  });

  describe('bad input: one line on stderr naming the file and the item, exit 1, no output file', () => {
    const cases: [string, unknown, RegExp][] = [
      ['malformed JSON', '{"images": [', /in\.json: malformed JSON/],
      [
        'a first polygon part of two points',
        {
          images: [{ id: 1, height: 10, width: 10 }],
          annotations: [{ id: 5, image_id: 1, segmentation: [[1, 1, 8, 9]] }],
        },
        /in\.json: annotation 0 \(id 5\): polygon part 0: polygon has 4 coordinates \(2 points\)/,
      ],
      [
        'RLE counts that do not sum to h·w',
        {
          images: [{ id: 1, height: 4, width: 4 }],
          annotations: [{ id: 9, image_id: 1, segmentation: { size: [4, 4], counts: [3, 4] } }],
        },
        /annotation 0 \(id 9\): counts sum to 7 but the mask is \[4, 4\] = 16 pixels/,
      ],
      [
        'an RLE whose size is not its image size',
        {
          images: [{ id: 1, height: 4, width: 4 }],
          annotations: [{ id: 2, image_id: 1, segmentation: { size: [2, 8], counts: '0`0' } }],
        },
        /annotation 0 \(id 2\): RLE size is \[2, 8\] but the image is \[4, 4\]/,
      ],
      [
        'a counts string with a character outside 0..o',
        {
          images: [{ id: 1, height: 4, width: 4 }],
          annotations: [{ id: 3, image_id: 1, segmentation: { size: [4, 4], counts: '5~' } }],
        },
        /annotation 0 \(id 3\): character 1 is "~"/,
      ],
      [
        'an unknown image id',
        {
          images: [{ id: 1, height: 4, width: 4 }],
          annotations: [{ id: 4, image_id: 77, segmentation: [[0, 0, 2, 0, 2, 2]] }],
        },
        /annotation 0 \(id 4\): image_id 77 is not in "images"/,
      ],
      [
        'an image without a size',
        { images: [{ id: 1, height: -4, width: 4 }], annotations: [] },
        /image 0 \(id 1\): "height" and "width" must be positive integers/,
      ],
    ];
    it.each(cases)('%s', (_what, document, message) => {
      const dir = workspace();
      writeFileSync(join(dir, 'in.json'), typeof document === 'string' ? document : JSON.stringify(document));
      const run = segkit('convert', join(dir, 'in.json'), join(dir, 'out.json'));
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(existsSync(join(dir, 'out.json'))).toBe(false);
      expect(readdirSync(dir)).toEqual(['in.json']); // no temporary file left behind either
    });
  });

  it('a missing input file is exit 1; an unknown format or mask encoding is a usage error, exit 2', () => {
    const dir = workspace();
    expect(segkit('convert', join(dir, 'nope.json'), join(dir, 'out.json')).status).toBe(1);
    writeFileSync(join(dir, 'in.json'), '{"images": [], "annotations": []}');
    const badFormat = segkit('convert', join(dir, 'in.json'), join(dir, 'out.json'), '--from', 'tiff');
    expect(badFormat.status).toBe(2);
    expect(badFormat.stderr).toMatch(/--from tiff is not a format/);
    expect(segkit('convert', join(dir, 'in.json'), join(dir, 'out.json'), '--mask-encoding', 'bits').status).toBe(2);
    expect(segkit('convert').status).toBe(2);
  });

  it('--help shows an example', () => {
    const run = segkit('convert', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Examples:/);
  });
});
