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

/**
 * Writes the dataset with the registry writer `segkit convert` uses for the format, into an in-memory
 * sink, and zips what it wrote (plus qa.json and report.html): the bytes of the download.
 */
export async function writeExportZip(
  input: ExportInput,
): Promise<{ zip: Uint8Array; files: number; summary: string; report: LossReport }> {
  const { format: name, options } = DELIVERY[input.delivery];
  const format = formatByName(name, 'delivery format');
  if (format.write === undefined) throw new Error(`${name} cannot be written`);
  for (const annotation of input.dataset.annotations) {
    const mask = fromCocoRle(annotation.segmentation as { size: [number, number]; counts: string });
    annotation.area = area(mask);
    annotation.bbox = bbox(mask);
  }
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
  const written = await format.write(input.dataset, sink, { ...options, ignoreIndex: input.ignoreIndex });
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
