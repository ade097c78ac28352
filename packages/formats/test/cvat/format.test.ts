/**
 * cvatFormat: polygons and masks of a CVAT for images 1.1 file as COCO instances in document order,
 * and COCO written back (polygons vertex for vertex, masks run for run, what CVAT lacks reported).
 */
import { decode, encode, fromCocoRle, SegkitError, toCocoRle } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { grid, mulberry32 } from '../../../core/test/properties/arbitraries.js';
import type { CocoDataset } from '../../src/coco/dataset.js';
import { cvatFormat } from '../../src/cvat/format.js';
import { memorySink, memorySource } from '../codec-files.js';

const XML = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <image id="4" name="a.png" width="4" height="3">
    <polygon label="road" source="manual" occluded="0" points="0,0;4,0;4,1.5" z_order="1">
    </polygon>
    <box label="car" source="manual" occluded="0" xtl="0" ytl="0" xbr="1" ybr="1" z_order="0"></box>
    <mask label="car" source="manual" occluded="0" rle="0, 2, 1, 1" left="1" top="1" width="2" height="2" z_order="2">
    </mask>
  </image>
</annotations>
`;

describe('cvatFormat.read', () => {
  it('reads polygons and masks in document order, polygons as COCO parts, and counts the boxes it leaves out', async () => {
    const { dataset, warnings } = await cvatFormat.read(memorySource({ 'annotations.xml': XML }));
    expect(dataset.categories).toEqual([
      { id: 1, name: 'road', supercategory: 'road' },
      { id: 2, name: 'car', supercategory: 'car' },
    ]);
    const [road, car] = dataset.annotations;
    expect([road.category_id, road.segmentation, road.z_order]).toEqual([1, [[0, 0, 4, 0, 4, 1.5]], 1]);
    // pycocotools keeps the pixels whose centre (x + 0.5, y + 0.5) lies in the triangle (0,0) (4,0)
    // (4,1.5), whose lower edge is y = 0.375·x: at centre x = 0.5 it is at 0.19 (< 0.5, out), at
    // 1.5 at 0.56 (in); on row 1 (centre 1.5) it never reaches past 1.31.
    //   . # # #
    //   . . . .      (area 3)
    //   . . . .
    expect([road.area, road.bbox]).toEqual([3, [1, 0, 3, 1]]);
    // rle "0, 2, 1, 1" over the 2×2 box at (1, 1), row-major: on on / off on.
    expect(decode(fromCocoRle(car.segmentation as never))).toEqual(grid('. . . .\n. # # .\n. . # .'));
    expect(warnings).toEqual(['memory/annotations.xml: 1 <box> shape(s) left out: not a region']);
  });

  it('names the file, image and polygon of bad points', async () => {
    const bad = XML.replace('points="0,0;4,0;4,1.5"', 'points="0,0;4,x;4,1.5"');
    await expect(cvatFormat.read(memorySource({ 'annotations.xml': bad }))).rejects.toThrow(
      'memory/annotations.xml: image 0 (name "a.png"): polygon 0 (line 5): points="0,0;4,x;4,1.5": "4,x" is not a point "x,y"',
    );
    const two = XML.replace('points="0,0;4,0;4,1.5"', 'points="0,0;4,0"');
    await expect(cvatFormat.read(memorySource({ 'annotations.xml': two }))).rejects.toThrow(
      'a polygon needs at least 3 points, got 2',
    );
  });

  it('detect accepts annotations.xml and refuses a JSON file', async () => {
    expect(await cvatFormat.detect(memorySource({ 'annotations.xml': XML }))).toBe(true);
    expect(await cvatFormat.detect(memorySource({ 'a.json': '[]' }, 'a.json'))).toBe(false);
  });
});

describe('cvatFormat.write', () => {
  it('writes polygons vertex for vertex and masks run for run; read back, every annotation is the same', async () => {
    const { dataset } = await cvatFormat.read(memorySource({ 'annotations.xml': XML }));
    const sink = memorySink();
    const { report } = (await cvatFormat.write?.(dataset, sink)) ?? ({} as never);
    expect(report.lossless).toBe(true);
    expect(sink.text('annotations.xml')).toContain(
      '<polygon label="road" source="manual" occluded="0" points="0,0;4,0;4,1.5" z_order="1">',
    );
    const back = await cvatFormat.read(sink.asSource());
    expect(back.dataset).toEqual(dataset);
  });

  it('splits a multi-part polygon into grouped <polygon>s and reports it, and reports crowd', async () => {
    const dataset: CocoDataset = {
      images: [{ id: 1, file_name: 'b.jpg', height: 4, width: 4 }],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 5,
          segmentation: [
            [0, 0, 1, 0, 1, 1],
            [2, 2, 3, 2, 3, 3],
          ],
          iscrowd: 0,
        },
        {
          id: 2,
          image_id: 1,
          category_id: 5,
          segmentation: toCocoRle(encode(grid('# . . .\n. . . .\n. . . .\n. . . .'))),
          iscrowd: 1,
        },
      ],
      categories: [{ id: 5, name: 'sofa' }],
    };
    const sink = memorySink();
    const { report } = (await cvatFormat.write?.(dataset, sink, { entry: 'out.xml' })) ?? ({} as never);
    const xml = sink.text('out.xml');
    expect(xml.match(/<polygon [^>]*group_id="1"/g)).toHaveLength(2);
    expect(report.lossless).toBe(false);
    expect(report.warnings).toEqual([
      '1 multi-part polygon annotation(s) written as one <polygon> per part sharing a group_id: read back, each part is an instance',
      '1 crowd region(s) written as ordinary shapes: CVAT has no iscrowd',
    ]);
  });
});

describe('cvat format fuzz', () => {
  it('mutated XML with polygons reads or throws SegkitError, nothing else (seed 63, 3,000 documents)', async () => {
    const random = mulberry32(63);
    const base = new TextEncoder().encode(XML);
    const alphabet = '0123456789,;.-e <>/="\'&#x';
    const counts = { ok: 0, rejected: 0 };
    for (let i = 0; i < 3000; i++) {
      const bytes = base.slice();
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        bytes[Math.floor(random() * bytes.length)] = alphabet.charCodeAt(Math.floor(random() * alphabet.length));
      }
      try {
        await cvatFormat.read(memorySource({ 'annotations.xml': bytes }));
        counts.ok++;
      } catch (error) {
        if (!(error instanceof SegkitError)) throw error;
        counts.rejected++;
      }
    }
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
  });
});
