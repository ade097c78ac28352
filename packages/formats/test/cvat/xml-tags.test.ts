/**
 * xmlTags: the tags of an XML document through saxes, with DTDs and declared entities refused and
 * saxes's errors restated with their values. The CVAT reader's own cases are in images-xml.test.ts.
 */
import { SegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { parseCvatImagesXml } from '../../src/cvat/images-xml.js';
import { xmlTags } from '../../src/cvat/xml-tags.js';

function thrown(run: () => unknown): SegkitError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SegkitError);
    return error as SegkitError;
  }
  throw new Error('expected a SegkitError');
}

describe('xmlTags', () => {
  it('xmlTags refuses a DOCTYPE with UNSUPPORTED and never expands a declared entity', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE annotations [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<annotations><image id="&b;" name="x" width="1" height="1"/></annotations>`;
    const error = thrown(() => [...xmlTags(bomb)]);
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toBe(
      'XML at line 2: a document type declaration (<!DOCTYPE …>) is not supported: segkit reads no DTD and expands no declared entity',
    );
  });

  it('xmlTags refuses an <!ENTITY> declaration outside a DOCTYPE with UNSUPPORTED', () => {
    const error = thrown(() => [...xmlTags('<annotations>\n<!ENTITY x "y"></annotations>')]);
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toContain('XML at line 2: an entity declaration (<!ENTITY …>) is not supported');
  });

  it('xmlTags rejects an end tag that does not close the open element, naming it and its line', () => {
    const error = thrown(() => [...xmlTags('<annotations>\n<a>\n</b></annotations>')]);
    expect(error.code).toBe('INVALID_DATASET');
    expect(error.message).toBe(
      'malformed XML at line 3: end tag "</b></annotations>" does not close the element open before it',
    );
  });

  it('xmlTags names the entity saxes rejects, past valid ones and across a ";" in an earlier value', () => {
    expect(thrown(() => [...xmlTags('<a x="p;q" y="&amp;&bogus;"/>')]).message).toBe(
      'malformed XML at line 1: unknown entity "&bogus;"',
    );
    expect(thrown(() => [...xmlTags('<a x="&amp; & b;"/>')]).message).toContain('bare "&" ("& b;\\"/>")');
  });

  it('xmlTags yields each tag once, self-closing tags without a close, in document order', () => {
    const tags = [...xmlTags('<?xml version="1.0"?><a><!-- <c/> --><b k="1"/><![CDATA[<d>]]></a>')];
    expect(
      tags.map((tag) => [tag.kind, tag.name, tag.selfClosing, tag.offset, Object.fromEntries(tag.attributes)]),
    ).toEqual([
      ['open', 'a', false, 21, {}],
      ['open', 'b', true, 37, { k: '1' }],
      ['close', 'a', false, 62, {}],
    ]);
  });

  it('xmlTags reads values that straddle its 64 Ki chunks, surrogate pairs included', () => {
    const padding = ' '.repeat((1 << 16) - 20);
    const value = `${'x'.repeat(3)}😀${'y'.repeat(70_000)}`;
    for (let shift = 0; shift < 24; shift++) {
      const xml = `<a>${padding}${' '.repeat(shift)}<b v="${value}"/></a>`;
      const b = [...xmlTags(xml)][1];
      expect(b.attributes.get('v')).toBe(value);
      expect(b.offset).toBe(3 + padding.length + shift);
    }
  });
});

describe('parseCvatImagesXml on truncated documents', () => {
  it('parseCvatImagesXml rejects a document cut after an image: </annotations> is missing', () => {
    const error = thrown(() => parseCvatImagesXml('<annotations><image id="0" name="a" width="1" height="1"/>'));
    expect(error.code).toBe('INVALID_DATASET');
    expect(error.message).toBe('</annotations> is missing: the file is truncated');
  });

  it('parseCvatImagesXml rejects text or a second element after </annotations>', () => {
    expect(thrown(() => parseCvatImagesXml('<annotations/>\njunk')).message).toContain('malformed XML at line 2');
    expect(thrown(() => parseCvatImagesXml('<annotations/><annotations/>')).message).toContain(
      'malformed XML at line 1',
    );
  });
});
