/**
 * parseCvatImagesXml / formatCvatImagesXml and cvatFormat's file access: masks from and
 * to a "CVAT for images 1.1" annotations.xml. The sample below follows what cvat.py writes (meta,
 * attribute order, `rle="a, b, c"`, an empty element closed on its own line).
 */
import { decode, encode, SegkitError } from '@segkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binarize, grid } from '../../../core/test/properties/arbitraries.js';
import { cvatFormat } from '../../src/cvat/format.js';
import { type CvatImageInput, formatCvatImagesXml, parseCvatImagesXml } from '../../src/cvat/images-xml.js';
import { memorySink, memorySource } from '../codec-files.js';

const SAMPLE = `<?xml version="1.0" encoding="utf-8"?>
<annotations>
  <version>1.1</version>
  <meta>
    <task>
      <name>streets</name>
      <labels>
        <label>
          <name>car &amp; truck</name>
          <type>mask</type>
        </label>
      </labels>
    </task>
    <!-- <mask label="commented out" rle="1" left="0" top="0" width="1" height="1"/> -->
  </meta>
  <image id="0" name="frame_000000.png" width="5" height="4">
    <box label="car &amp; truck" source="manual" occluded="0" xtl="0.00" ytl="0.00" xbr="2.00" ybr="2.00" z_order="0">
    </box>
    <mask label="car &amp; truck" source="manual" occluded="1" rle="0, 2, 1, 1" left="1" top="1" width="2" height="2" z_order="3" group_id="2">
      <attribute name="colour">red</attribute>
    </mask>
    <mask label='road' source="semi-auto" occluded="0" rle="4, 1" left="0" top="3" width="5" height="1" z_order="0">
    </mask>
  </image>
  <image id="1" name="empty &quot;frame&quot;.png" subset="val" width="3" height="2">
  </image>
  <image id="2" name="self-closing.png" width="1" height="1"/>
</annotations>
`;

describe('parseCvatImagesXml', () => {
  it('parseCvatImagesXml(sample) returns every image with its masks as full-image COCO RLE', () => {
    const images = parseCvatImagesXml(SAMPLE);
    expect(images.map((image) => [image.id, image.name, image.width, image.height, image.masks.length])).toEqual([
      ['0', 'frame_000000.png', 5, 4, 2],
      ['1', 'empty "frame".png', 3, 2, 0],
      ['2', 'self-closing.png', 1, 1, 0],
    ]);
    expect(images[1].attributes).toEqual({ subset: 'val' });
    const [car, road] = images[0].masks;
    expect(car.label).toBe('car & truck');
    expect(car.attributes).toEqual({ source: 'manual', occluded: '1', z_order: '3', group_id: '2' });
    expect(decode(car.rle)).toEqual(
      grid(`
        . . . . .
        . # # . .
        . . # . .
        . . . . .
      `),
    );
    expect(road.label).toBe('road');
    expect(decode(road.rle)).toEqual(
      grid(`
        . . . . .
        . . . . .
        . . . . .
        . . . . #
      `),
    );
  });

  it('parseCvatImagesXml with outside: clip keeps the visible part of a box past the image', () => {
    const xml = `<annotations><image id="0" name="a" width="2" height="1">
      <mask label="x" rle="0, 3" left="1" top="0" width="3" height="1"/></image></annotations>`;
    expect(() => parseCvatImagesXml(xml)).toThrow('box [1, 0, 3, 0] reaches outside the 2×1 image');
    expect(decode(parseCvatImagesXml(xml, { outside: 'clip' })[0].masks[0].rle)).toEqual(grid('. #'));
  });

  it('parseCvatImagesXml locates errors by image, mask and line', () => {
    const broken = SAMPLE.replace('rle="0, 2, 1, 1"', 'rle="0, 2, 1, 9"');
    expect(() => parseCvatImagesXml(broken)).toThrow(
      'image 0 (name "frame_000000.png"): mask 0 (line 19): CVAT mask counts reach 12 by count 3, more than the 2×2 = 4 pixels of box [1, 1, 2, 2]',
    );
  });

  it('parseCvatImagesXml rejects malformed documents with SegkitErrors naming the problem', () => {
    const image = (body: string, attributes = 'id="0" name="a" width="4" height="4"') =>
      `<annotations><image ${attributes}>${body}</image></annotations>`;
    const mask = (attributes: string) => image(`<mask ${attributes}/>`);
    const cases: [string, string, string][] = [
      ['<foo/>', 'INVALID_DATASET', 'a CVAT XML file starts with <annotations>, found <foo> at line 1'],
      ['', 'INVALID_DATASET', 'no <annotations> element'],
      [
        '<annotations><image id="0" name="a" width="1" height="1">',
        'INVALID_DATASET',
        'image 0 (name "a") is not closed',
      ],
      [image('', 'id="0" name="a" width="4"'), 'INVALID_DATASET', 'attribute "height" is missing'],
      [image('', 'id="0" name="a" width="4" height="-4"'), 'INVALID_SIZE', 'height="-4" must be a positive integer'],
      [image('', 'id="0" name="a" width="4.0" height="4"'), 'INVALID_SIZE', 'width="4.0"'],
      [mask('label="x" left="0" top="0" width="1" height="1"'), 'INVALID_DATASET', 'attribute "rle" is missing'],
      [
        mask('label="x" rle="1" left="0" top="0" width="0" height="1"'),
        'INVALID_DATASET',
        'width="0" must be a positive integer',
      ],
      [mask('label="x" rle="1,x" left="0" top="0" width="1" height="1"'), 'INVALID_RLE', 'rle item 1 is "x"'],
      [
        mask('label="x" rle="1" left="-1" top="0" width="1" height="1"'),
        'INVALID_BBOX',
        'reaches outside the 4×4 image',
      ],
      [
        '<annotations><track id="0" label="x"><mask frame="0" rle="1" left="0" top="0" width="1" height="1"/></track></annotations>',
        'UNSUPPORTED',
        '<mask> inside a <track> ("CVAT for video 1.1") is not supported',
      ],
      ['<annotations><mask label="x"/></annotations>', 'INVALID_DATASET', '<mask> outside any <image>'],
      [image('<image id="1" name="b" width="1" height="1"/>'), 'INVALID_DATASET', 'nested <image>'],
      ['<annotations>\n<image id="0 name="a"/>', 'INVALID_DATASET', 'malformed XML at line 2'],
      ['<annotations><image id=0/>', 'INVALID_DATASET', 'expected an attribute or the end of tag <image'],
      ['<annotations><image id="a<b"/>', 'INVALID_DATASET', '"<" inside the value of attribute id'],
      ['<annotations><image id="1" id="2"/>', 'INVALID_DATASET', 'duplicate attribute id'],
      ['<annotations><image id="&nbsp;"/>', 'INVALID_DATASET', 'unknown entity "&nbsp;"'],
      ['<annotations><image id="a & b"/>', 'INVALID_DATASET', 'bare "&"'],
      ['<annotations><!-- never closed', 'INVALID_DATASET', 'unterminated comment'],
      ['<annotations></ image>', 'INVALID_DATASET', 'bad end tag'],
    ];
    for (const [xml, code, message] of cases) {
      let thrown: unknown;
      try {
        parseCvatImagesXml(xml);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, xml).toBeInstanceOf(SegkitError);
      expect((thrown as SegkitError).code, xml).toBe(code);
      expect((thrown as SegkitError).message, xml).toContain(message);
    }
  });

  it('parseCvatImagesXml decodes numeric character references and normalises whitespace in values', () => {
    const xml = `<annotations><image id="0" name="a&#x41;&#66;&#10;c	d" width="1" height="1"/></annotations>`;
    expect(parseCvatImagesXml(xml)[0].name).toBe('aAB\nc d');
  });
});

/** Images with random masks and labels full of characters XML must escape. */
const imagesArb: fc.Arbitrary<CvatImageInput[]> = fc.array(
  fc
    .record({
      height: fc.integer({ min: 1, max: 10 }),
      width: fc.integer({ min: 1, max: 10 }),
      name: fc.string({ maxLength: 8 }),
    })
    .chain(({ height, width, name }) =>
      fc.record({
        id: fc.nat(1000),
        name: fc.constant(name),
        width: fc.constant(width),
        height: fc.constant(height),
        masks: fc.array(
          fc.record({
            label: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a & b', '<x>', '"q"', "it's", 'tab\there')),
            rle: fc
              .array(fc.constantFrom(0, 0, 1, 255), { minLength: height * width, maxLength: height * width })
              .map((pixels) => encode({ height, width, data: Uint8Array.from(pixels) })),
          }),
          { maxLength: 3 },
        ),
      }),
    ),
  { maxLength: 4 },
);

describe('formatCvatImagesXml', () => {
  it('parseCvatImagesXml(formatCvatImagesXml(images)) returns the same images and masks (seed 51)', () => {
    fc.assert(
      fc.property(imagesArb, (images) => {
        const back = parseCvatImagesXml(formatCvatImagesXml(images));
        expect(back.map((image) => [image.id, image.name, image.width, image.height])).toEqual(
          images.map((image) => [String(image.id), image.name, image.width, image.height]),
        );
        back.forEach((image, i) => {
          expect(image.masks.map((mask) => mask.label)).toEqual(images[i].masks.map((mask) => mask.label));
          image.masks.forEach((mask, j) => {
            expect(mask.rle).toEqual(images[i].masks[j].rle);
            expect(mask.attributes).toEqual({ source: 'manual', occluded: '0', z_order: '0' });
          });
        });
      }),
      { seed: 51, numRuns: 300 },
    );
  });

  it('formatCvatImagesXml writes a mask as CVAT does: tight box, "a, b" counts, attributes kept', () => {
    const mask = grid(`
      . . . . .
      . # # . .
      . . # . .
    `);
    const xml = formatCvatImagesXml([
      {
        id: 0,
        name: 'a.png',
        width: 5,
        height: 3,
        masks: [{ label: 'car', rle: encode(mask), attributes: { z_order: '2', occluded: '1', rle: 'ignored' } }],
      },
    ]);
    expect(xml).toContain(
      '<mask label="car" source="manual" occluded="1" rle="0, 2, 1, 1" left="1" top="1" width="2" height="2" z_order="2">',
    );
    expect(binarize(decode(parseCvatImagesXml(xml)[0].masks[0].rle).data)).toEqual(mask.data);
  });

  it('formatCvatImagesXml rejects a mask of another size and attribute names XML cannot hold', () => {
    const rle = encode(grid('#'));
    expect(() =>
      formatCvatImagesXml([{ id: 0, name: 'a', width: 2, height: 1, masks: [{ label: 'x', rle }] }]),
    ).toThrow('image 0 (name "a"): mask 0: mask is 1×1 but the image is 2×1');
    expect(() =>
      formatCvatImagesXml([{ id: 0, name: 'a', width: 1, height: 1, attributes: { 'bad name': 'x' }, masks: [] }]),
    ).toThrow('cannot write attribute name "bad name"');
  });
});

describe('cvatFormat reads and writes through a FileSource / FileSink', () => {
  it('writes annotations.xml, reads it back; errors name the file', async () => {
    const rle = encode(grid('. #\n# #'));
    const xml = formatCvatImagesXml([{ id: 3, name: 'b.png', width: 2, height: 2, masks: [{ label: 'x', rle }] }]);
    const [image] = parseCvatImagesXml(xml);
    expect(image.masks[0].rle).toEqual(rle);
    const { dataset } = await cvatFormat.read(memorySource({ 'annotations.xml': xml }));
    expect(dataset.images).toEqual([{ id: 1, file_name: 'b.png', height: 2, width: 2, cvat_id: '3' }]);

    const bad = memorySource({ 'bad.xml': '<annotations><image id="0"/></annotations>' }, 'bad.xml', 'in/bad.xml');
    await expect(cvatFormat.read(bad)).rejects.toThrow('in/bad.xml: image 0 (line 1): attribute "name" is missing');
    await expect(cvatFormat.read(memorySource({}, 'missing.xml', 'in/missing.xml'))).rejects.toThrow(
      'cannot read: ENOENT',
    );
    const sink = memorySink();
    await cvatFormat.write?.(dataset, sink);
    expect(parseCvatImagesXml(sink.text('annotations.xml'))[0].masks[0].rle).toEqual(rle);
  });
});
