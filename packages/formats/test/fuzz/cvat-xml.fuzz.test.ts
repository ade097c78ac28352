/**
 * Fuzz of the CVAT XML reader (saxes, then the `<image>`/`<polygon>`/`<mask>` reader, then COCO) and
 * of what a conversion does next: on any text, a dataset or a SegkitError, never another exception
 * (see harness.ts). Inputs: a valid annotations.xml cut, spliced with markup fragments, its
 * attribute values replaced by hostile ones, and random text of XML's characters. Seed 1005.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cvatFormat } from '../../src/cvat/format.js';
import { formatCvatImagesXml } from '../../src/cvat/images-xml.js';
import { FUZZ_LIMITS, fuzzParameters, Outcomes, oneFileSource, RUNS } from './harness.js';
import { convertOnward } from './json-inputs.js';

const mask = { height: 6, width: 8, counts: Uint32Array.of(9, 3, 3, 3, 30) };
const BASE = formatCvatImagesXml([
  {
    id: 0,
    name: 'a.jpg',
    width: 8,
    height: 6,
    attributes: { subset: 'default' },
    masks: [{ label: 'car', rle: mask, attributes: { occluded: '0', z_order: '1' } }],
    polygons: [{ label: 'road', points: [0.5, 1.25, 7, 1.25, 7, 5] }],
  },
  { id: 1, name: 'd/b.png', width: 3, height: 2, masks: [] },
]).replace(
  '</annotations>',
  '  <image id="2" name="c.jpg" width="4" height="4">\n    <box label="car" xtl="0" ytl="0" xbr="2" ybr="2"></box>\n' +
    '    <polygon label="x" points="0,0;3,0;3,3"><attribute name="a">v &amp; w</attribute></polygon>\n  </image>\n' +
    '  <!-- a comment --><![CDATA[ text ]]>\n</annotations>',
);

/** Pieces of markup a damaged or hostile file holds. */
const FRAGMENTS = [
  '<',
  '>',
  '/>',
  '</',
  '"',
  "'",
  '=',
  ' ',
  '\n',
  '&',
  ';',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x110000;',
  '&#65;',
  '&nbsp;',
  '\u0000',
  '\uffff',
  '\ud800',
  '<annotations>',
  '</annotations>',
  '<image id="9" name="z" width="4" height="4">',
  '<image id="9" name="z" width="4" height="4"/>',
  '</image>',
  '<polygon label="p" points="0,0;1,0;1,1">',
  '<polygon label="p" points="0,0;4e8,0;0,4e8"/>',
  '</polygon>',
  '<mask label="m" rle="1, 2" left="0" top="0" width="3" height="1">',
  '<mask label="m" rle="0, 4000000000" left="0" top="0" width="2000000000" height="2"/>',
  '</mask>',
  '<track id="0" label="a">',
  '</track>',
  '<box label="b" xtl="0" ytl="0" xbr="1" ybr="1"/>',
  '<!DOCTYPE a [<!ENTITY x "y">]>',
  '<!ENTITY x "y">',
  '<![CDATA[x]]>',
  '<!-- c -->',
  '<?pi x?>',
  '<?xml version="1.0"?>',
];

/** Values an attribute may hold in a hostile file. */
const VALUES = [
  '',
  ' ',
  '-1',
  '0',
  '1',
  '2.5',
  '1e300',
  '-1e300',
  'NaN',
  'Infinity',
  '4294967296',
  '99999999999999999999',
  '400000000',
  '0,0',
  '0,0;1,1',
  '0,0;8,0;8,6',
  '0,0;4e8,0;0,4e8',
  ',,;;',
  '1, 2, 3',
  '1, x',
  '5, 5, 5, 5, 5, 5, 5, 5, 5, 5',
  '&amp;',
  '../x',
  'a\u0000b',
];

/** Where each attribute value of BASE starts and ends (inside its quotes). */
const SLOTS = [...BASE.matchAll(/="([^"]*)"/g)].map((m) => [(m.index ?? 0) + 2, (m.index ?? 0) + 2 + m[1].length]);

interface Edit {
  kind: 'cut' | 'delete' | 'insert' | 'value' | 'duplicate';
  at: number;
  length: number;
  fragment: string;
  value: string;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom<Edit['kind']>('delete', 'insert', 'insert', 'value', 'value', 'value', 'duplicate', 'cut'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 40 }),
  fragment: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })),
  value: fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 8 })),
});

/** BASE with `edits` applied in turn (attribute values are found in BASE, so they go first). */
function edited(edits: readonly Edit[]): string {
  let text = BASE;
  const values = edits.filter((e) => e.kind === 'value');
  // Replace values from the end, so earlier slots keep their offsets.
  const chosen = new Map<number, string>();
  for (const { at, value } of values) chosen.set(at % SLOTS.length, value.replace(/"/g, ''));
  for (const slot of [...chosen.keys()].sort((a, b) => b - a)) {
    const [start, end] = SLOTS[slot];
    text = text.slice(0, start) + chosen.get(slot) + text.slice(end);
  }
  for (const { kind, at, length, fragment } of edits) {
    const i = at % (text.length + 1);
    if (kind === 'cut') text = text.slice(0, i);
    else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + length);
    else if (kind === 'insert') text = text.slice(0, i) + fragment + text.slice(i);
    else if (kind === 'duplicate')
      text = text.slice(0, i + length) + text.slice(i, i + length) + text.slice(i + length);
  }
  return text;
}

const XML_CHARACTERS = fc.constantFrom(...'<>/="\' &;#!?-[]abcdeimnoprstx0123456789,.\n'.split(''));
const inputs = fc.oneof(
  { weight: 12, arbitrary: fc.array(edit, { minLength: 1, maxLength: 4 }).map(edited) },
  { weight: 1, arbitrary: fc.constant(BASE) },
  { weight: 1, arbitrary: fc.array(XML_CHARACTERS, { maxLength: 60 }).map((c) => c.join('')) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((f) => f.join('')) },
);

describe('cvat xml reader fuzz', () => {
  it(`cvatFormat.read then check, rasterize and write: a dataset or a SegkitError on ${RUNS} edited and random documents (seed 1005)`, async () => {
    const read = new Outcomes();
    const onward = new Outcomes();
    await fc.assert(
      fc.asyncProperty(inputs, async (text) => {
        const result = await read.runAsync(() =>
          cvatFormat.read(oneFileSource('annotations.xml', text), { limits: FUZZ_LIMITS }),
        );
        if (result !== undefined) await onward.runAsync(() => convertOnward(result.dataset));
      }),
      fuzzParameters(1005),
    );
    read.report('cvat-xml read');
    onward.report('cvat-xml onward');
    expect(read.total).toBe(RUNS);
    read.expectBothWays();
    expect(onward.total, onward.describe()).toBeGreaterThan(RUNS / 10);
  });
});
