import type { CocoEvalShare } from './plan.js';
import type { EvalDetection, EvalRecord } from './types.js';

/**
 * Annotations as flat arrays, which a worker thread receives far faster than objects (structured
 * clone of 50,000 annotation objects takes longer than evaluating them). Only what evaluation reads
 * is kept: id, area, score, iscrowd and ignore (as flags: only their truth is read), the box, and the
 * segmentation: a compressed RLE as its string (all strings joined in `text`) and size, a one-part
 * polygon as its coordinates (all in `coords`), anything else as it is in `other`.
 */
export interface PackedAnnotations {
  count: number;
  id: Float64Array;
  area: Float64Array;
  score: Float64Array;
  crowd: Uint8Array;
  ignore: Uint8Array;
  /** 1: `box` holds [x, y, w, h]; 0: no box, or one kept as it is in `other`. */
  hasBox: Uint8Array;
  box: Float64Array;
  /** RLE: compressed RLE in text/size; POLYGON: one part in coords; anything else in `other`. */
  segKind: Uint8Array;
  text: string;
  textStart: Int32Array;
  size: Int32Array;
  coords: Float64Array;
  coordStart: Int32Array;
  /** [position, bbox, segmentation] of the annotations whose values did not fit the arrays. */
  other: [number, number[] | undefined, unknown][];
}

const RLE = 1;
const POLYGON = 2;

const isInt32 = (v: unknown): v is number => typeof v === 'number' && (v | 0) === v;

/** `{size: [h, w], counts: "…"}` with int32 sizes, or undefined for anything else. */
function compressedRle(segmentation: unknown): { counts: string; h: number; w: number } | undefined {
  if (segmentation === null || typeof segmentation !== 'object') return undefined;
  if (!('counts' in segmentation) || !('size' in segmentation)) return undefined;
  const { counts, size } = segmentation;
  if (typeof counts !== 'string' || !Array.isArray(size) || size.length !== 2) return undefined;
  const [h, w]: unknown[] = size;
  return isInt32(h) && isInt32(w) ? { counts, h, w } : undefined;
}

function allNumbers(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') return false;
  return true;
}

export function packAnnotations(list: readonly EvalRecord[]): PackedAnnotations {
  const n = list.length;
  const packed: PackedAnnotations = {
    count: n,
    id: new Float64Array(n),
    area: new Float64Array(n),
    score: new Float64Array(n),
    crowd: new Uint8Array(n),
    ignore: new Uint8Array(n),
    hasBox: new Uint8Array(n),
    box: new Float64Array(4 * n),
    segKind: new Uint8Array(n),
    text: '',
    textStart: new Int32Array(n + 1),
    size: new Int32Array(2 * n),
    coords: new Float64Array(0),
    coordStart: new Int32Array(n + 1),
    other: [],
  };
  const texts: string[] = [];
  let textLength = 0;
  let coords = new Float64Array(1024);
  let coordLength = 0;
  for (let j = 0; j < n; j++) {
    const ann = list[j];
    packed.id[j] = ann.id;
    packed.area[j] = ann.area;
    packed.score[j] = typeof ann.score === 'number' ? ann.score : Number.NaN;
    packed.crowd[j] = ann.iscrowd ? 1 : 0;
    packed.ignore[j] = ann.ignore ? 1 : 0;
    const { bbox, segmentation } = ann;
    let otherBox: number[] | undefined;
    if (Array.isArray(bbox) && bbox.length === 4 && allNumbers(bbox)) {
      packed.hasBox[j] = 1;
      for (let c = 0; c < 4; c++) packed.box[4 * j + c] = bbox[c];
    } else otherBox = bbox;
    const rle = compressedRle(segmentation);
    const part = Array.isArray(segmentation) && segmentation.length === 1 ? segmentation[0] : undefined;
    if (rle !== undefined) {
      packed.segKind[j] = RLE;
      texts.push(rle.counts);
      textLength += rle.counts.length;
      packed.size[2 * j] = rle.h;
      packed.size[2 * j + 1] = rle.w;
    } else if (Array.isArray(part) && allNumbers(part)) {
      packed.segKind[j] = POLYGON;
      if (coords.length < coordLength + part.length) {
        const bigger = new Float64Array((coordLength + part.length) * 2);
        bigger.set(coords.subarray(0, coordLength));
        coords = bigger;
      }
      for (let c = 0; c < part.length; c++) coords[coordLength++] = part[c];
    }
    if (otherBox !== undefined || (packed.segKind[j] === 0 && segmentation !== undefined)) {
      packed.other.push([j, otherBox, packed.segKind[j] === 0 ? segmentation : undefined]);
    }
    packed.textStart[j + 1] = textLength;
    packed.coordStart[j + 1] = coordLength;
  }
  packed.text = texts.join('');
  packed.coords = coords.slice(0, coordLength);
  return packed;
}

/** The annotations back as objects with the fields evaluation reads. */
export function unpackAnnotations(packed: PackedAnnotations): EvalDetection[] {
  const out: EvalDetection[] = new Array(packed.count);
  for (let j = 0; j < packed.count; j++) {
    let segmentation: unknown;
    if (packed.segKind[j] === RLE) {
      segmentation = {
        size: [packed.size[2 * j], packed.size[2 * j + 1]],
        counts: packed.text.slice(packed.textStart[j], packed.textStart[j + 1]),
      };
    } else if (packed.segKind[j] === POLYGON) {
      const from = packed.coordStart[j];
      const part: number[] = new Array(packed.coordStart[j + 1] - from);
      for (let c = 0; c < part.length; c++) part[c] = packed.coords[from + c];
      segmentation = [part];
    }
    out[j] = {
      id: packed.id[j],
      image_id: 0,
      category_id: 0,
      area: packed.area[j],
      score: packed.score[j],
      iscrowd: packed.crowd[j],
      ignore: packed.ignore[j],
      bbox: packed.hasBox[j]
        ? [packed.box[4 * j], packed.box[4 * j + 1], packed.box[4 * j + 2], packed.box[4 * j + 3]]
        : undefined,
      segmentation,
    };
  }
  for (const [j, bbox, segmentation] of packed.other) {
    const ann = out[j];
    if (!packed.hasBox[j]) ann.bbox = bbox;
    if (packed.segKind[j] === 0) ann.segmentation = segmentation;
  }
  return out;
}

/** A share whose annotations travel as flat arrays (`packCocoEvalShare` / `unpackCocoEvalShare`). */
export type PackedCocoEvalShare = Omit<CocoEvalShare, 'gts' | 'dts'> & {
  packedGts: PackedAnnotations;
  packedDts: PackedAnnotations;
};

/** A share ready to post to a worker thread: the same evaluation, a fraction of the copying. */
export function packCocoEvalShare(share: CocoEvalShare): PackedCocoEvalShare {
  const { gts, dts, ...rest } = share;
  return { ...rest, packedGts: packAnnotations(gts), packedDts: packAnnotations(dts) };
}

export function unpackCocoEvalShare(packed: PackedCocoEvalShare): CocoEvalShare {
  const { packedGts, packedDts, ...rest } = packed;
  return { ...rest, gts: unpackAnnotations(packedGts), dts: unpackAnnotations(packedDts) };
}
