import { area, bbox, type CocoDataset, fromCocoRle } from '@segkit/core';
import { type FileSink, formatByName, type LossReport, type WriteOptions } from '@segkit/formats';
import { renderEvalHtml } from '@segkit/jobs';
import { ZipFile } from 'yazl';
import type { DeliveryFormat } from '../services/projects.js';

/** Each delivery format: the registry format that writes it, its options and its main file. */
export const DELIVERY: Record<DeliveryFormat, { format: string; options: WriteOptions }> = {
  'coco-rle': { format: 'coco', options: { maskEncoding: 'rle', entry: 'annotations.json' } },
  'coco-polygon': { format: 'coco', options: { maskEncoding: 'polygon', entry: 'annotations.json' } },
  png: { format: 'png', options: {} },
  'coco-panoptic': { format: 'coco-panoptic', options: { entry: 'panoptic.json' } },
  cityscapes: { format: 'cityscapes', options: {} },
  'binary-masks': { format: 'binary-masks', options: {} },
};

export interface ExportInput {
  delivery: DeliveryFormat;
  ignoreIndex: number;
  dataset: CocoDataset;
  /** The project QA (`GET /api/projects/{p}/qa`) when gold exists: qa.json, and report.html of its `project` report. */
  qa?: { json: unknown; report: Parameters<typeof renderEvalHtml>[0] } | undefined;
  title: string;
}

/** Area and box of every annotation, from its mask (the writers' own checks compare them). */
function measure(dataset: CocoDataset): void {
  for (const annotation of dataset.annotations) {
    const mask = fromCocoRle(annotation.segmentation as { size: [number, number]; counts: string });
    annotation.area = area(mask);
    annotation.bbox = bbox(mask);
  }
}

/** Writes the dataset with the delivery format's registry writer into `sink`. */
async function writeDelivery(delivery: DeliveryFormat, ignoreIndex: number, dataset: CocoDataset, sink: FileSink) {
  const { format: name, options } = DELIVERY[delivery];
  const format = formatByName(name, 'delivery format');
  if (format.write === undefined) throw new Error(`${name} cannot be written`);
  measure(dataset);
  return format.write(dataset, sink, { ...options, ignoreIndex });
}

/** A sink that keeps what the writer writes, in order, refusing unsafe paths and a path written twice. */
function memorySink(): { sink: FileSink; files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  const sink: FileSink = {
    name: 'export',
    write: async (path, data) => {
      if (path.startsWith('/') || path.split('/').some((part) => part === '..' || part === '')) {
        throw new Error(`the writer asked for an unsafe path ${JSON.stringify(path)}`);
      }
      if (files.has(path)) throw new Error(`the writer wrote ${path} twice`);
      files.set(path, typeof data === 'string' ? Buffer.from(data) : data);
    },
  };
  return { sink, files };
}

/**
 * Writes the dataset with the registry writer `segkit convert` uses for the format, into an in-memory
 * sink, and zips what it wrote (plus qa.json and report.html). Used for the delivery-loss view;
 * export jobs stream theirs part by part (`stream-zip.ts`).
 */
export async function writeExportZip(
  input: ExportInput,
): Promise<{ zip: Uint8Array; files: number; summary: string; report: LossReport }> {
  const { sink, files } = memorySink();
  const written = await writeDelivery(input.delivery, input.ignoreIndex, input.dataset, sink);
  if (input.qa !== undefined) {
    files.set('qa.json', Buffer.from(`${JSON.stringify(input.qa.json, null, 2)}\n`));
    files.set('report.html', Buffer.from(renderEvalHtml(input.qa.report, input.title)));
  }
  const zip = new ZipFile();
  for (const path of [...files.keys()].sort())
    zip.addBuffer(Buffer.from(files.get(path) as Uint8Array), path, { mtime: new Date(0) });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return {
    zip: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    files: files.size,
    summary: written.summary,
    report: written.report,
  };
}

/** One part of a streamed export: a slice of the images (and their annotations) of the whole dataset. */
export interface ExportPartInput {
  delivery: DeliveryFormat;
  ignoreIndex: number;
  dataset: CocoDataset;
}

/**
 * The format's main JSON file (`annotations.json`, `panoptic.json`) of one part, cut at its top
 * level: each key in order with its value's JSON text, the per-image arrays (`images`,
 * `annotations`) as their elements' texts joined by ',' (without the brackets), so the parts' arrays can be concatenated into the text
 * the writer would have made from the whole dataset (the writers write compact `JSON.stringify`).
 */
export interface EntryParts {
  path: string;
  keys: Array<{ key: string; array: boolean; text: string }>;
}

export interface ExportPartOutput {
  /** Every file but the main JSON, in the order the writer wrote them. */
  files: Array<{ path: string; data: Uint8Array }>;
  entry?: EntryParts;
  summary: string;
}

/** The main JSON's arrays that hold an item per image or annotation: the parts' are concatenated. */
const PER_IMAGE_KEYS = new Set(['images', 'annotations']);

/** Runs the delivery writer on one part (in a pool thread) and cuts its main JSON for splicing. */
export async function writeExportPart(input: ExportPartInput): Promise<ExportPartOutput> {
  const { sink, files } = memorySink();
  const written = await writeDelivery(input.delivery, input.ignoreIndex, input.dataset, sink);
  const entryPath = DELIVERY[input.delivery].options.entry;
  let entry: EntryParts | undefined;
  const out: ExportPartOutput['files'] = [];
  for (const [path, data] of files) {
    if (path !== entryPath) {
      out.push({ path, data });
      continue;
    }
    const document = JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown>;
    entry = {
      path,
      keys: Object.entries(document).map(([key, value]) =>
        Array.isArray(value) && PER_IMAGE_KEYS.has(key)
          ? { key, array: true, text: value.map((item) => JSON.stringify(item)).join(',') }
          : { key, array: false, text: JSON.stringify(value) },
      ),
    };
  }
  return { files: out, ...(entry === undefined ? {} : { entry }), summary: written.summary };
}
