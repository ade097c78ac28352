import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSource as disk, readColorTable, readPng, openFileSink as sinkAt } from '@segkit/jobs';
import { describe, expect, it } from 'vitest';
import { cocoToSemanticFolder, labelMapFromColors, semanticFolderToCoco, vocPalette } from '../../src/index.js';

const CAMVID = new URL('../../../../../shared/datasets/camvid/', import.meta.url).pathname;

describe('colour tables', () => {
  it('vocPalette gives the VOClabelcolormap values, 255 included', () => {
    const palette = vocPalette();
    expect(palette.slice(0, 4)).toEqual([
      [0, 0, 0],
      [128, 0, 0],
      [0, 128, 0],
      [128, 128, 0],
    ]);
    expect(palette[11]).toEqual([192, 128, 0]);
    expect(palette[20]).toEqual([0, 64, 128]);
    expect(palette[255]).toEqual([224, 224, 192]);
  });

  it('labelMapFromColors maps colours to the lowest class with that colour and names an unknown colour', () => {
    const table = [
      [0, 0, 0],
      [255, 0, 0],
      [0, 0, 0],
    ];
    const image = {
      width: 3,
      height: 1,
      channels: 3,
      depth: 8,
      data: Uint8Array.from([255, 0, 0, 0, 0, 0, 255, 0, 0]),
    };
    expect(Array.from(labelMapFromColors(image, table, 'm.png').data)).toEqual([1, 0, 1]);
    image.data[3] = 7;
    expect(() => labelMapFromColors(image, table, 'm.png')).toThrow(
      /m\.png: pixel \(1, 0\) has colour \(7, 0, 0\), which is no class of the colour table/,
    );
  });

  const present = existsSync(CAMVID);
  it.skipIf(!present)(
    'CamVid: class indices -> colour-coded PNGs (camvid11.png) -> class indices is bit-exact',
    async () => {
      const table = await readColorTable(join(CAMVID, 'camvid11.png'));
      expect(table[3]).toEqual([128, 64, 128]); // road, as the dataset README lists
      const { dataset } = await semanticFolderToCoco(await disk(join(CAMVID, 'valannot')), { ignoreIndex: 255 });
      const colored = mkdtempSync(join(tmpdir(), 'segkit-colors-'));
      await cocoToSemanticFolder(dataset, sinkAt(colored), { colors: table });
      const rgb = await readPng(join(colored, readdirSync(colored)[0]));
      expect(rgb.channels).toBe(3);
      const { dataset: again, report } = await semanticFolderToCoco(await disk(colored), { colors: table });
      expect(report.lossless).toBe(true);
      expect(again.annotations.map((a) => a.segmentation)).toEqual(dataset.annotations.map((a) => a.segmentation));
    },
  );
});
