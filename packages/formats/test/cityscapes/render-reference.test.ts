import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  renderCityscapes,
  renderColor,
  renderInstanceIds,
  renderLabelIds,
  renderTrainIds,
} from '../../src/cityscapes/render.js';
import { colorOfLabelIds, decodeRaw, expectSameImage, rasterCases } from './raster-fixture.js';

const sha256 = (array: Int32Array): string =>
  createHash('sha256')
    .update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength))
    .digest('hex');

function histogram(labelIds: Uint8Array): [number, number][] {
  const counts = new Map<number, number>();
  for (const id of labelIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]);
}

describe('renderCityscapes(doc) matches cityscapesScripts json2labelImg / json2instanceImg under Pillow 12.3.0', () => {
  it.each(rasterCases.map((c) => [`${c.id} ${c.family} ${c.h}x${c.w}`, c] as const))(
    'case %s: labelIds, trainIds, instanceIds and instance trainIds are pixel-identical',
    (_name, c) => {
      const { images } = renderCityscapes(c.doc);
      expect([images.height, images.width]).toEqual([c.h, c.w]);
      expectSameImage(images.labelIds, decodeRaw(c.labelIds), c.w, 'labelIds');
      expectSameImage(images.trainIds, decodeRaw(c.trainIds), c.w, 'trainIds');
      expectSameImage(images.instanceIds, decodeRaw(c.instanceIds), c.w, 'instanceIds');
      expect(sha256(images.instanceTrainIds), 'instanceTrainIds sha256').toBe(c.instanceTrainIds_sha256);
      expect(histogram(images.labelIds)).toEqual(c.labelIds_hist);
      const instanceValues = [...new Set(images.instanceIds.filter((v) => v >= 1000))].sort((a, b) => a - b);
      expect(instanceValues).toEqual(c.instance_values);
    },
  );

  it('the colour image is the label colour of each labelIds pixel, opaque', () => {
    for (const c of rasterCases) {
      const { images } = renderCityscapes(c.doc);
      expectSameImage(images.color, colorOfLabelIds(images.labelIds), c.w * 4, `case ${c.id} color`);
    }
  });

  it('renderLabelIds, renderTrainIds, renderInstanceIds and renderColor each give the image renderCityscapes gives', () => {
    for (const c of rasterCases) {
      const { images } = renderCityscapes(c.doc);
      expectSameImage(renderLabelIds(c.doc), images.labelIds, c.w, 'labelIds');
      expectSameImage(renderTrainIds(c.doc), images.trainIds, c.w, 'trainIds');
      expectSameImage(renderInstanceIds(c.doc, 'ids'), images.instanceIds, c.w, 'instanceIds');
      expectSameImage(renderInstanceIds(c.doc, 'trainIds'), images.instanceTrainIds, c.w, 'instanceTrainIds');
      expectSameImage(renderColor(c.doc), images.color, c.w * 4, 'color');
    }
  });
});
