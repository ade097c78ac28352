/**
 * A small scanner for the tags of an XML document, enough for CVAT's annotation files: it reports
 * start and end tags with their attributes (entities decoded) and skips text, comments, CDATA,
 * processing instructions and the doctype. It does not check that tags nest, nor namespaces; it does
 * reject what would make attribute values ambiguous (unquoted values, `<` in a value, unknown
 * entities, duplicate attributes), so a mask's numbers are never misread.
 *
 * Cost: one pass over the text; every step moves forward, so any input ends.
 */
import { SegkitError } from '@segkit/core';

export interface XmlTag {
  /** `open` for `<name …>` and `<name …/>`, `close` for `</name>`. */
  kind: 'open' | 'close';
  name: string;
  attributes: Map<string, string>;
  /** `<name …/>`: opened and closed at once. */
  selfClosing: boolean;
  /** Index of the `<` in the text, for `lineAt`. */
  offset: number;
}

/** 1-based line number of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function malformed(text: string, offset: number, message: string): SegkitError {
  return new SegkitError('INVALID_DATASET', `malformed XML at line ${lineAt(text, offset)}: ${message}`);
}

/** Markup that carries no tags, and how it ends. */
const SKIPPED: [start: string, end: string, what: string][] = [
  ['<!--', '-->', 'comment'],
  ['<![CDATA[', ']]>', 'CDATA section'],
  ['<?', '?>', 'processing instruction'],
  ['<!', '>', 'declaration'],
];

const NAME = /[^\s/>=<"']+/y;
const ATTRIBUTE = /\s+([^\s/>=<"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const TAG_END = /\s*(\/?)>/y;
const CLOSE_TAG = /<\/([^\s/>=<"']+)\s*>/y;

/** Yields the start and end tags of `text` in document order; throws a SegkitError (with the line) on malformed markup. */
export function* xmlTags(text: string): Generator<XmlTag> {
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return;
    const skipped = SKIPPED.find(([start]) => text.startsWith(start, lt));
    if (skipped) {
      const end = text.indexOf(skipped[1], lt + skipped[0].length);
      if (end < 0) throw malformed(text, lt, `unterminated ${skipped[2]}`);
      i = end + skipped[1].length;
      continue;
    }
    if (text.startsWith('</', lt)) {
      CLOSE_TAG.lastIndex = lt;
      const match = CLOSE_TAG.exec(text);
      if (!match) throw malformed(text, lt, `bad end tag ${quote(text, lt)}`);
      yield { kind: 'close', name: match[1], attributes: new Map(), selfClosing: false, offset: lt };
      i = CLOSE_TAG.lastIndex;
      continue;
    }
    NAME.lastIndex = lt + 1;
    const name = NAME.exec(text);
    if (!name) throw malformed(text, lt, `bad tag ${quote(text, lt)}`);
    let position = NAME.lastIndex;
    const attributes = new Map<string, string>();
    for (;;) {
      ATTRIBUTE.lastIndex = position;
      const attribute = ATTRIBUTE.exec(text);
      if (!attribute) break;
      const raw = attribute[2] ?? attribute[3];
      if (raw.includes('<')) throw malformed(text, position, `"<" inside the value of attribute ${attribute[1]}`);
      if (attributes.has(attribute[1])) throw malformed(text, position, `duplicate attribute ${attribute[1]}`);
      attributes.set(attribute[1], decodeAttribute(raw, text, position));
      position = ATTRIBUTE.lastIndex;
    }
    TAG_END.lastIndex = position;
    const end = TAG_END.exec(text);
    if (!end)
      throw malformed(
        text,
        position,
        `expected an attribute or the end of tag <${name[0]}, found ${quote(text, position)}`,
      );
    yield { kind: 'open', name: name[0], attributes, selfClosing: end[1] === '/', offset: lt };
    i = TAG_END.lastIndex;
  }
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Attribute-value normalisation (tab, CR, LF → space) and entity decoding, as an XML parser does. */
function decodeAttribute(raw: string, text: string, offset: number): string {
  const normalised = raw.replace(/[\t\n\r]/g, ' ');
  if (!normalised.includes('&')) return normalised;
  return normalised.replace(/&([^;&\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';'))
      throw malformed(text, offset, `bare "&" in an attribute value (${JSON.stringify(whole)})`);
    const named = NAMED_ENTITIES[body];
    if (named !== undefined) return named;
    const code = /^#x[0-9a-fA-F]{1,6}$/.test(body)
      ? Number.parseInt(body.slice(2), 16)
      : /^#[0-9]{1,7}$/.test(body)
        ? Number.parseInt(body.slice(1), 10)
        : -1;
    if (code < 0 || code > 0x10ffff) throw malformed(text, offset, `unknown entity ${JSON.stringify(whole)}`);
    return String.fromCodePoint(code);
  });
}

/** Escapes a string for a double-quoted attribute value. */
export function escapeXmlAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** A short excerpt at `offset` for error messages. */
function quote(text: string, offset: number): string {
  const excerpt = text.slice(offset, offset + 24);
  return JSON.stringify(offset + 24 < text.length ? `${excerpt}…` : excerpt);
}
