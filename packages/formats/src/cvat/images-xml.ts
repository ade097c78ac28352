/**
 * Masks from a "CVAT for images 1.1" annotation file (annotations.xml): every `<image>` with its
 * `<mask>` elements, each decoded to a COCO RLE of the whole image. cvat.py writes a mask as
 *
 *   <image id="0" name="a.jpg" width="640" height="480">
 *     <mask label="car" source="manual" occluded="0" rle="3, 5, 2" left="10" top="20" width="4"
 *           height="3" z_order="0">
 *     </mask>
 *   </image>
 *
 * and reads it back as points = rle counts + [left, top, left + width − 1, top + height − 1] (see
 * mask-rle.ts for the counts). Polygons are read too:
 *
 *     <polygon label="road" source="manual" occluded="0" points="0.5,1.25;10,1.25;10,8" z_order="0">
 *     </polygon>
 *
 * (points in image pixels, `x,y` pairs separated by `;`, as cvat.py dumps them). Other shapes (box,
 * polyline, points, ellipse, …) are counted in `skipped`, and `<attribute>` children are skipped;
 * shapes inside `<track>` ("CVAT for video") are rejected rather than dropped. Pure: the caller reads
 * the file (cvatFormat in format.ts goes through a FileSource).
 */
import {
  checkImageSize,
  checkLimit,
  decode,
  type ImageSizeFields,
  isPolygonCoordinate,
  type Limits,
  MAX_POLYGON_COORDINATE,
  type Rle,
  SegkitError,
  showValue,
} from '@segkit/core';
import {
  bitmapToCvatMask,
  type CvatMaskOptions,
  cvatMaskToRle,
  formatCvatRleAttribute,
  parseCvatRleAttribute,
} from './mask-rle.js';
import { escapeXmlAttribute, lineAt, type XmlTag, xmlTags } from './xml-tags.js';

export interface CvatMask {
  label: string;
  /** The mask over the whole image. */
  rle: Rle;
  /** The element's other attributes as written (source, occluded, z_order, group_id, …). */
  attributes: Record<string, string>;
}

export interface CvatPolygon {
  label: string;
  /** `[x0, y0, x1, y1, …]` in image pixels, as COCO polygons. */
  points: number[];
  /** The element's other attributes as written. */
  attributes: Record<string, string>;
}

export interface CvatImageMasks {
  /** The `<image>`'s `id` (the frame number) and `name` (the file), as written. */
  id: string;
  name: string;
  width: number;
  height: number;
  /** The image's other attributes (e.g. subset, task_id). */
  attributes: Record<string, string>;
  masks: CvatMask[];
  polygons: CvatPolygon[];
  /** The image's shapes in document order: `['mask', i]` is `masks[i]`, `['polygon', j]` is `polygons[j]`. */
  order: ['mask' | 'polygon', number][];
  /** Shapes of other kinds (box, polyline, points, …), by tag name: they are no masks. */
  skipped: Record<string, number>;
}

/** Shape tags that are not regions; counted, not read. */
const OTHER_SHAPES = new Set(['box', 'polyline', 'points', 'ellipse', 'cuboid', 'skeleton', 'tag']);
const POLYGON_GEOMETRY = new Set(['label', 'points']);

/** Attributes of `<mask>` that the geometry comes from; they are not repeated in `attributes`. */
const MASK_GEOMETRY = new Set(['label', 'rle', 'left', 'top', 'width', 'height']);
const IMAGE_FIELDS = new Set(['id', 'name', 'width', 'height']);
/** How a CVAT `<image>` names its size. */
const SIZE_FIELDS: ImageSizeFields = { width: 'width', height: 'height', widthFirst: true };

/** How a CVAT file is read: masks reaching outside their image, and the limits images and polygons are held to. */
export interface CvatReadOptions extends CvatMaskOptions {
  /** An image over `maxPixels` or a polygon over `maxVertices` is a LimitError, before any mask is made. */
  limits?: Partial<Limits>;
}

/**
 * Reads the masks of a CVAT for images 1.1 XML document. Images without masks are listed too.
 * Throws a SegkitError located by image and mask ("image 3 (name "a.jpg"): mask 1 (line 40): …").
 */
export function parseCvatImagesXml(xml: string, options: CvatReadOptions = {}): CvatImageMasks[] {
  const images: CvatImageMasks[] = [];
  let image: CvatImageMasks | undefined;
  let imageWhere = '';
  let inTrack = false;
  let sawRoot = false;
  let closedRoot = false;
  for (const tag of xmlTags(xml)) {
    if (!sawRoot && tag.kind === 'open') {
      if (tag.name !== 'annotations') {
        throw new SegkitError(
          'INVALID_DATASET',
          `a CVAT XML file starts with <annotations>, found <${tag.name}> at line ${lineAt(xml, tag.offset)}`,
        );
      }
      sawRoot = true;
      continue;
    }
    if (tag.kind === 'close') {
      if (tag.name === 'image' && image) {
        images.push(image);
        image = undefined;
      } else if (tag.name === 'track') inTrack = false;
      else if (tag.name === 'annotations') closedRoot = true;
      continue;
    }
    if (tag.name === 'image') {
      if (image) throw located(xml, tag, 'nested <image> (the previous one is not closed)');
      imageWhere = `image ${images.length}`;
      try {
        image = readImage(tag, options.limits);
      } catch (error) {
        throw relocate(error, `${imageWhere} (line ${lineAt(xml, tag.offset)})`);
      }
      imageWhere += ` (name ${showValue(image.name)})`;
      if (tag.selfClosing) {
        images.push(image);
        image = undefined;
      }
    } else if (tag.name === 'track') {
      inTrack = !tag.selfClosing;
    } else if (tag.name === 'mask' || tag.name === 'polygon') {
      if (!image) {
        throw located(
          xml,
          tag,
          inTrack
            ? `<${tag.name}> inside a <track> ("CVAT for video 1.1") is not supported; export as "CVAT for images 1.1"`
            : `<${tag.name}> outside any <image>`,
          inTrack ? 'UNSUPPORTED' : 'INVALID_DATASET',
        );
      }
      const polygon = tag.name === 'polygon';
      try {
        if (polygon) {
          image.order.push(['polygon', image.polygons.length]);
          image.polygons.push(readPolygon(tag, options.limits));
        } else {
          image.order.push(['mask', image.masks.length]);
          image.masks.push(readMask(tag, image, options));
        }
      } catch (error) {
        // The line is counted only here: counting it for every mask would make big files quadratic.
        const n = polygon ? image.polygons.length : image.masks.length;
        const where = `${tag.name} ${n} (line ${lineAt(xml, tag.offset)})`;
        throw relocate(relocate(error, where), imageWhere);
      }
    } else if (image && OTHER_SHAPES.has(tag.name)) {
      image.skipped[tag.name] = (image.skipped[tag.name] ?? 0) + 1;
    }
  }
  if (!sawRoot) throw new SegkitError('INVALID_DATASET', 'no <annotations> element: not a CVAT XML file');
  if (image) throw new SegkitError('INVALID_DATASET', `${imageWhere} is not closed: the file is truncated`);
  if (!closedRoot) throw new SegkitError('INVALID_DATASET', '</annotations> is missing: the file is truncated');
  return images;
}

function readImage(tag: XmlTag, limits: Partial<Limits> | undefined): CvatImageMasks {
  const a = tag.attributes;
  const id = required(a, 'id');
  const name = required(a, 'name');
  const width = integerAttribute(a, 'width', 1, 'INVALID_SIZE');
  const height = integerAttribute(a, 'height', 1, 'INVALID_SIZE');
  checkImageSize(height, width, limits, SIZE_FIELDS, `the image ${showValue(name)}`);
  return {
    id,
    name,
    width,
    height,
    attributes: rest(a, IMAGE_FIELDS),
    masks: [],
    polygons: [],
    order: [],
    skipped: {},
  };
}

/** `points="x0,y0;x1,y1;…"` → `[x0, y0, x1, y1, …]`; at least 3 finite points. */
function readPolygon(tag: XmlTag, limits: Partial<Limits> | undefined): CvatPolygon {
  const a = tag.attributes;
  const label = required(a, 'label');
  const text = required(a, 'points');
  const pairs = text.split(';');
  checkLimit('maxVertices', pairs.length, limits, 'the polygon');
  const points: number[] = [];
  for (const pair of pairs) {
    const xy = pair.split(',');
    const x = Number(xy[0]);
    const y = Number(xy[1]);
    if (xy.length !== 2 || xy[0].trim() === '' || xy[1].trim() === '' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new SegkitError('INVALID_POLYGON', `points=${showValue(text)}: ${showValue(pair)} is not a point "x,y"`);
    }
    if (!isPolygonCoordinate(x) || !isPolygonCoordinate(y)) {
      throw new SegkitError(
        'INVALID_POLYGON',
        `points=${showValue(text)}: point ${showValue(pair)} is beyond ±${MAX_POLYGON_COORDINATE}, where no polygon can go`,
      );
    }
    points.push(x, y);
  }
  if (points.length < 6) {
    throw new SegkitError('INVALID_POLYGON', `a polygon needs at least 3 points, got ${points.length / 2}`);
  }
  return { label, points, attributes: rest(a, POLYGON_GEOMETRY) };
}

function readMask(tag: XmlTag, image: CvatImageMasks, options: CvatMaskOptions): CvatMask {
  const a = tag.attributes;
  const label = required(a, 'label');
  const counts = parseCvatRleAttribute(required(a, 'rle'));
  const left = integerAttribute(a, 'left', Number.MIN_SAFE_INTEGER);
  const top = integerAttribute(a, 'top', Number.MIN_SAFE_INTEGER);
  const width = integerAttribute(a, 'width', 1);
  const height = integerAttribute(a, 'height', 1);
  counts.push(left, top, left + width - 1, top + height - 1);
  return { label, rle: cvatMaskToRle(counts, image.height, image.width, options), attributes: rest(a, MASK_GEOMETRY) };
}

function required(attributes: Map<string, string>, name: string): string {
  const value = attributes.get(name);
  if (value === undefined) throw new SegkitError('INVALID_DATASET', `attribute "${name}" is missing`);
  return value;
}

function integerAttribute(
  attributes: Map<string, string>,
  name: string,
  min: number,
  code: 'INVALID_DATASET' | 'INVALID_SIZE' = 'INVALID_DATASET',
): number {
  const text = required(attributes, name).trim();
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    const range = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : 'an integer';
    throw new SegkitError(code, `attribute ${name}="${text}" must be ${range}`);
  }
  return value;
}

function rest(attributes: Map<string, string>, skip: Set<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of attributes) if (!skip.has(key)) out[key] = value;
  return out;
}

function located(
  xml: string,
  tag: XmlTag,
  message: string,
  code: 'INVALID_DATASET' | 'UNSUPPORTED' = 'INVALID_DATASET',
): SegkitError {
  return new SegkitError(code, `${message} (line ${lineAt(xml, tag.offset)})`);
}

function relocate(error: unknown, where: string): unknown {
  return error instanceof SegkitError ? error.withContext(where) : error;
}

/** One image to write: masks as COCO RLE of the whole image, polygons as points, plus any extra attributes to keep. */
export interface CvatImageInput {
  id: string | number;
  name: string;
  width: number;
  height: number;
  attributes?: Record<string, string>;
  masks: { label: string; rle: Rle; attributes?: Record<string, string> }[];
  polygons?: { label: string; points: readonly number[]; attributes?: Record<string, string> }[];
  /** The order to write the shapes in (as `CvatImageMasks.order`); default: the masks, then the polygons. */
  order?: readonly ['mask' | 'polygon', number][];
}

/**
 * Writes a minimal "CVAT for images 1.1" document holding `images` and their masks (no `<meta>`:
 * labels must already exist in the CVAT task). Each mask is stored with its tight box, as cvat-core
 * would; attributes default to source="manual" occluded="0" z_order="0", like CVAT's own export.
 */
export function formatCvatImagesXml(images: readonly CvatImageInput[]): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>', '<annotations>', '  <version>1.1</version>'];
  images.forEach((image, i) => {
    const where = `image ${i} (name ${showValue(image.name)})`;
    const imageAttributes = {
      id: String(image.id),
      name: image.name,
      width: String(image.width),
      height: String(image.height),
      ...rest(new Map(Object.entries(image.attributes ?? {})), IMAGE_FIELDS),
    };
    lines.push(`  <image ${formatAttributes(imageAttributes)}>`);
    const polygons = image.polygons ?? [];
    const order = image.order ?? [
      ...image.masks.map((_, j) => ['mask', j] as ['mask', number]),
      ...polygons.map((_, j) => ['polygon', j] as ['polygon', number]),
    ];
    for (const [kind, j] of order) {
      if (kind === 'polygon') {
        lines.push(formatPolygon(polygons[j], where, j));
        continue;
      }
      const mask = image.masks[j];
      if (mask.rle.height !== image.height || mask.rle.width !== image.width) {
        throw new SegkitError(
          'SIZE_MISMATCH',
          `mask is ${mask.rle.width}×${mask.rle.height} but the image is ${image.width}×${image.height}`,
          [where, `mask ${j}`],
        );
      }
      const points = bitmapToCvatMask(decode(mask.rle));
      const n = points.length;
      const [left, top, right, bottom] = points.slice(n - 4);
      const extra = rest(new Map(Object.entries(mask.attributes ?? {})), MASK_GEOMETRY);
      const maskAttributes = {
        label: mask.label,
        source: extra.source ?? 'manual',
        occluded: extra.occluded ?? '0',
        rle: formatCvatRleAttribute(points.slice(0, n - 4)),
        left: String(left),
        top: String(top),
        width: String(right - left + 1),
        height: String(bottom - top + 1),
        z_order: extra.z_order ?? '0',
        ...extra,
      };
      lines.push(`    <mask ${formatAttributes(maskAttributes)}>`, '    </mask>');
    }
    lines.push('  </image>');
  });
  lines.push('</annotations>', '');
  return lines.join('\n');
}

/** A `<polygon>` element, as cvat.py writes one: points "x,y;x,y;…" (numbers as JavaScript prints them, so exact). */
function formatPolygon(polygon: NonNullable<CvatImageInput['polygons']>[number], where: string, j: number): string {
  const { points } = polygon;
  if (points.length < 6 || points.length % 2 !== 0 || !points.every(Number.isFinite)) {
    throw new SegkitError(
      'INVALID_POLYGON',
      `a CVAT polygon needs at least 3 finite x, y pairs, got ${points.length} numbers`,
      [where, `polygon ${j}`],
    );
  }
  const pairs: string[] = [];
  for (let i = 0; i < points.length; i += 2) pairs.push(`${points[i]},${points[i + 1]}`);
  const extra = rest(new Map(Object.entries(polygon.attributes ?? {})), POLYGON_GEOMETRY);
  const attributes = {
    label: polygon.label,
    source: extra.source ?? 'manual',
    occluded: extra.occluded ?? '0',
    points: pairs.join(';'),
    z_order: extra.z_order ?? '0',
    ...extra,
  };
  return `    <polygon ${formatAttributes(attributes)}>\n    </polygon>`;
}

/** Attribute names we write: XML names without namespaces. */
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function formatAttributes(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([key, value]) => {
      if (!ATTRIBUTE_NAME.test(key)) {
        throw new SegkitError('INVALID_DATASET', `cannot write attribute name ${JSON.stringify(key)} to XML`);
      }
      if (typeof value !== 'string') {
        throw new SegkitError('INVALID_DATASET', `attribute ${key} must be a string, got ${typeof value}`);
      }
      return `${key}="${escapeXmlAttribute(value)}"`;
    })
    .join(' ');
}
