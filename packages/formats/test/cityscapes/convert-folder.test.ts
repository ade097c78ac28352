import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SegkitError } from '@segkit/core';
import { openFileSource as disk, readPng, openFileSink as sinkAt } from '@segkit/jobs';
import { describe, expect, it } from 'vitest';
import { convertCityscapesFolder } from '../../src/cityscapes/convert-folder.js';
import { colorOfLabelIds, decodeRaw, expectSameImage, rasterCases } from './raster-fixture.js';

function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'segkit-cityscapes-'));
}

/** Writes `documents` as `<rel>_gtFine_polygons.json` under a fresh folder. */
function polygonsFolder(documents: Record<string, unknown>): string {
  const dir = workspace();
  for (const [stem, document] of Object.entries(documents)) {
    const path = join(dir, 'in', `${stem}_gtFine_polygons.json`);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document));
  }
  return dir;
}

async function conversionError(dir: string): Promise<SegkitError> {
  try {
    await convertCityscapesFolder(await disk(join(dir, 'in')), sinkAt(join(dir, 'out')));
  } catch (error) {
    if (error instanceof SegkitError) return error;
    throw error;
  }
  throw new Error('no error');
}

// Reference cases chosen to cover groups, deleted objects and license plates, degenerate polygons, an odd size.
const chosen = [24, 30, 35].map((id) => rasterCases.find((c) => c.id === id)!);

describe('convertCityscapesFolder(inDir, outDir)', () => {
  it('writes labelIds, labelTrainIds, instanceIds and color PNGs that read back as the cityscapesScripts images', async () => {
    const dir = polygonsFolder({
      'train/synth/synth_000002_000024': chosen[0].doc,
      'train/synth/synth_000002_000030': chosen[1].doc,
      'val/odd/odd_000002_000035': chosen[2].doc,
    });
    writeFileSync(join(dir, 'in', 'train', 'notes.json'), '{}'); // not a polygons file: ignored
    const summary = await convertCityscapesFolder(await disk(join(dir, 'in')), sinkAt(join(dir, 'out')));

    expect(summary.files.map((f) => f.input)).toEqual([
      join('train', 'synth', 'synth_000002_000024_gtFine_polygons.json'),
      join('train', 'synth', 'synth_000002_000030_gtFine_polygons.json'),
      join('val', 'odd', 'odd_000002_000035_gtFine_polygons.json'),
    ]);
    expect(summary.files[2].outputs).toEqual(
      ['labelIds', 'labelTrainIds', 'instanceIds', 'color'].map((kind) =>
        join('val', 'odd', `odd_000002_000035_gtFine_${kind}.png`),
      ),
    );
    expect(readdirSync(join(dir, 'out', 'val', 'odd')).sort()).toEqual(
      ['color', 'instanceIds', 'labelIds', 'labelTrainIds'].map((k) => `odd_000002_000035_gtFine_${k}.png`),
    );

    for (const [k, c] of chosen.entries()) {
      const stem = join(dir, 'out', summary.files[k].input.replace(/_polygons\.json$/, ''));
      const labelIds = await readPng(`${stem}_labelIds.png`);
      expect([labelIds.width, labelIds.height, labelIds.channels, labelIds.depth]).toEqual([c.w, c.h, 1, 8]);
      expectSameImage(labelIds.data, decodeRaw(c.labelIds), c.w, `case ${c.id} labelIds`);

      const trainIds = await readPng(`${stem}_labelTrainIds.png`);
      expect([trainIds.channels, trainIds.depth]).toEqual([1, 8]);
      expectSameImage(trainIds.data, decodeRaw(c.trainIds), c.w, `case ${c.id} trainIds`);

      const instanceIds = await readPng(`${stem}_instanceIds.png`);
      expect([instanceIds.channels, instanceIds.depth]).toEqual([1, 16]);
      expectSameImage(instanceIds.data, decodeRaw(c.instanceIds), c.w, `case ${c.id} instanceIds`);

      const color = await readPng(`${stem}_color.png`);
      expect([color.channels, color.depth]).toEqual([4, 8]);
      expectSameImage(color.data, colorOfLabelIds(decodeRaw(c.labelIds)), c.w * 4, `case ${c.id} color`);
    }
  });

  it('counts the objects drawn and gives the reason for each one skipped', async () => {
    const dir = polygonsFolder({
      'a/x_000000_000000': {
        imgHeight: 2,
        imgWidth: 2,
        objects: [
          {
            label: 'road',
            polygon: [
              [0, 0],
              [1, 1],
            ],
          },
          {
            label: 'car',
            polygon: [
              [0, 0],
              [1, 1],
            ],
            deleted: 1,
          },
          {
            label: 'license plate',
            polygon: [
              [0, 0],
              [1, 1],
            ],
          },
        ],
      },
      'b/x_000000_000001': { imgHeight: 1, imgWidth: 1, objects: [] },
    });
    const summary = await convertCityscapesFolder(await disk(join(dir, 'in')), sinkAt(join(dir, 'out')));
    expect(summary.objectsDrawn).toBe(1);
    expect(summary.objectsSkipped).toBe(2);
    expect(summary.files.map((f) => [f.objectsDrawn, f.skipped])).toEqual([
      [
        1,
        [
          { index: 1, label: 'car', reason: 'deleted' },
          { index: 2, label: 'license plate', reason: 'license plate (id -1) is never drawn' },
        ],
      ],
      [0, []],
    ]);
  });

  it('an empty folder converts to nothing', async () => {
    const dir = workspace();
    mkdirSync(join(dir, 'in'));
    expect(await convertCityscapesFolder(await disk(join(dir, 'in')), sinkAt(join(dir, 'out')))).toEqual({
      files: [],
      objectsDrawn: 0,
      objectsSkipped: 0,
    });
  });

  it('rejects malformed JSON, naming the file', async () => {
    const dir = polygonsFolder({ 'c/bad_000000_000000': '{"imgHeight": 4,' });
    const error = await conversionError(dir);
    expect(error.code).toBe('INVALID_JSON');
    expect(error.context).toEqual([join(dir, 'in', 'c', 'bad_000000_000000_gtFine_polygons.json')]);
  });

  it('rejects an unknown label, naming the file and the object', async () => {
    const dir = polygonsFolder({
      'c/bad_000000_000000': {
        imgHeight: 4,
        imgWidth: 4,
        objects: [
          {
            label: 'road',
            polygon: [
              [0, 0],
              [3, 3],
            ],
          },
          {
            label: 'spaceship',
            polygon: [
              [0, 0],
              [3, 3],
            ],
          },
        ],
      },
    });
    const error = await conversionError(dir);
    expect(error.code).toBe('INVALID_DATASET');
    expect(error.message).toBe(
      `${join(dir, 'in', 'c', 'bad_000000_000000_gtFine_polygons.json')}: object 1 (spaceship): unknown label "spaceship": not in the Cityscapes label table, nor a label of it followed by "group"`,
    );
  });

  it('rejects a missing input folder, naming it', async () => {
    const dir = workspace();
    const error = await conversionError(dir);
    expect(error.code).toBe('IO');
    expect(error.message).toBe(`${join(dir, 'in')}: cannot read: ENOENT`);
  });
});
