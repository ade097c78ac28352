/**
 * The one interface every dataset format implements, and the byte-level file access it reads and
 * writes through. Formats never touch a file system: the Node layer (`@segkit/jobs`) hands them a
 * `FileSource` over a folder or a file on disk, the server one over an upload or a blob store, the
 * browser one over dropped files. Paths are relative, '/'-separated, never absolute, never `..`.
 */

import type { AbortSignalLike, Limits } from '@segkit/core';
import type { CocoDataset } from '../coco/dataset.js';
import type { LossReport } from '../report/loss-report.js';
import type { ProgressCallback } from '../report/progress.js';
import type { OverlapPolicy } from '../semantic/coco-to-png.js';
import type { ColorTable } from '../semantic/color-table.js';

/** What readers and writers look at of an AbortSignal (core's type: a real AbortSignal fits it). */
export type { AbortSignalLike } from '@segkit/core';

/** Every `--from` / `--to` name (`../shared/docs/cli.md`). */
export const FORMAT_NAMES = [
  'coco',
  'coco-results',
  'coco-panoptic',
  'png',
  'binary-masks',
  'cityscapes',
  'labelme',
  'cvat',
  'label-studio',
  'voc',
] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/**
 * zlib inflate of a whole stream into at most `maxLength` bytes (a PNG header says how many), never
 * allocating more: it returns the bytes, fewer when the stream is cut short; throws an error whose
 * `code` is 'ERR_BUFFER_TOO_LARGE' when the stream holds more than `maxLength` bytes (as soon as it
 * passes them), another Error when the data is damaged. The Node layer passes node:zlib's
 * inflateSync with `maxOutputLength`, whose error that is (jobs' nodePngCodec); without one,
 * formats' own portable inflate (io/inflate.ts) is used.
 */
export type Inflate = (data: Uint8Array, maxLength: number) => Uint8Array;

/** CRC-32 of bytes, unsigned (node:zlib's crc32; without one, PNG chunks are checked in JavaScript). */
export type Crc32 = (data: Uint8Array) => number;

/**
 * A read-only tree of files. `name` is how messages name the input (the path the user gave).
 * A single-file input is a source whose `entry` is that file's path inside the tree.
 */
export interface FileSource {
  readonly name: string;
  /** The file the user named when the input is one file (a COCO JSON, a CVAT XML); undefined for a folder. */
  readonly entry?: string;
  /** Every regular file under the root, relative, '/'-separated, sorted by code unit. */
  list(): Promise<string[]>;
  read(path: string): Promise<Uint8Array>;
  /** The first `bytes` bytes of a file (an image header), where the source can read less than the whole. */
  head?(path: string, bytes: number): Promise<Uint8Array>;
  /** A file as UTF-8 text, where the source has a faster decoder than TextDecoder on its bytes (Node's). */
  text?(path: string): Promise<string>;
  /** How messages name one of its files (a disk source: the path as the user would type it). */
  locate?(path: string): string;
}

/** Where a writer puts files; the sink refuses paths that would leave its root. */
export interface FileSink {
  readonly name: string;
  write(path: string, data: Uint8Array | string): Promise<void>;
}

/** What a format can hold: a conversion into a format that lacks one of these loses it (and says so). */
export interface FormatCapabilities {
  /** Separate objects of one class (instance ids). */
  instances: boolean;
  /** Two objects claiming one pixel. */
  overlaps: boolean;
  /** COCO's iscrowd regions. */
  crowd: boolean;
  /** Class names inside the files (otherwise they travel in a sidecar). */
  classNames: boolean;
  /** Detection scores. */
  scores: boolean;
  /** More than one class (binary masks: every object is one class). Absent means true. */
  classes?: boolean;
  /** Holes inside an object; absent means true. */
  holes?: boolean;
}

export interface ReadOptions {
  /** Class names by id, from `--classes`. */
  classNames?: readonly string[];
  /** RGB colour table for colour-coded PNG masks (`--colors`). */
  colors?: ColorTable;
  /** Value of unlabelled pixels in class-index masks. */
  ignoreIndex?: number;
  /** coco-panoptic: the folder of segment PNGs, relative to the source root. */
  pngDir?: string;
  inflate?: Inflate;
  crc32?: Crc32;
  /** Resource limits (pixels per image, classes, vertices, file bytes); defaults: core's DEFAULT_LIMITS. */
  limits?: Partial<Limits>;
  onProgress?: ProgressCallback;
  signal?: AbortSignalLike;
}

export interface ReadResult {
  dataset: CocoDataset;
  /** True where each annotation is every pixel of one class in one image (class-index PNGs). */
  semantic: boolean;
  /** What reading could not carry over, one line each. */
  warnings: string[];
  /** A reader's own loss report where reading measures one (polygons rasterized, masks merged). */
  report?: LossReport;
}

export type { OverlapPolicy };

export interface WriteOptions {
  ignoreIndex?: number;
  colors?: ColorTable;
  overlap?: OverlapPolicy;
  /** coco: how masks are written. */
  maskEncoding?: 'rle' | 'polygon';
  /** polygon output: simplification tolerance in pixels and vertex cap per ring. */
  tolerance?: number;
  maxVertices?: number;
  /** coco-panoptic: the folder of segment PNGs inside the sink (default: the entry without .json). */
  pngDir?: string;
  /** The main file's name inside the sink, for formats written as one file (coco, cvat, label-studio, coco-panoptic's JSON). */
  entry?: string;
  /** Images to copy beside the labels where the format keeps them (binary-masks `images/`). */
  images?: FileSource;
  /** Resource limits: an image record over `maxPixels` is refused before its mask is allocated. */
  limits?: Partial<Limits>;
  onProgress?: ProgressCallback;
  signal?: AbortSignalLike;
}

export interface WriteResult {
  /** Files written, relative to the sink. */
  files: number;
  report: LossReport;
  /** One line for a human: what was written. */
  summary: string;
  /** Counts a front end may print beside the report (coco's RLE rewrite: polygons, RLE kinds). */
  details?: Record<string, unknown>;
}

/**
 * One thing a write makes inside its sink, given whole: a file, or a folder and all under it. The
 * Node layer stages each apart and moves them into place in the order given, once all are written.
 */
export interface OutputTarget {
  /** Relative, '/'-separated. */
  path: string;
  folder: boolean;
}

export interface DatasetFormat {
  readonly name: FormatName;
  /** One line for `--help`. */
  readonly description: string;
  readonly holds: FormatCapabilities;
  /** Whether `source` looks like this format (cheap: names and the first bytes of one file). */
  detect(source: FileSource): Promise<boolean>;
  read(source: FileSource, options?: ReadOptions): Promise<ReadResult>;
  /** Absent for read-only formats. */
  write?(dataset: CocoDataset, sink: FileSink, options?: WriteOptions): Promise<WriteResult>;
  /**
   * Formats written as one file (`entry`): what a write makes beside it, in the order it is to
   * appear (coco-panoptic: the PNG folder, then the JSON last). Absent for formats that write a
   * folder of files, which can only be written into a folder.
   */
  outputs?(options: { entry: string; pngDir?: string }): OutputTarget[];
}
