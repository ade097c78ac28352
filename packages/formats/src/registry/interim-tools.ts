/*
 * REPLACED ON MERGE: read-only stand-ins for the labelme, CVAT and Label Studio formats, wrapping
 * today's readers so every verb reads them through the registry until the codecs branch lands its
 * `labelmeFormat`, `cvatFormat` and `labelStudioFormat` (each in its own folder, with a writer).
 * Delete this file then and list those objects in FORMATS (registry/index.ts).
 */
import { SegkitError } from '@segkit/core';
import { cvatImagesToCoco, labelStudioTasksToCoco } from '../coco/from-tools.js';
import { parseCvatImagesXml } from '../cvat/images-xml.js';
import { listMatching, readJson, readText } from '../io/source-files.js';
import { parseLabelStudioExport } from '../label-studio/json-export.js';
import { readLabelme } from '../labelme/read.js';
import { classNameMap, locatedIn, requireEntry } from './shared.js';
import { entryWith, firstSymbol, headText } from './sniff.js';
import type { DatasetFormat } from './types.js';

export const interimLabelmeFormat: DatasetFormat = {
  name: 'labelme',
  description: 'labelme JSON files (a folder or one file)',
  holds: { instances: true, overlaps: true, crowd: false, classNames: true, scores: false },
  async detect(source) {
    const entry = entryWith(source, '.json') ?? (source.entry === undefined ? await firstJson(source) : undefined);
    if (entry === undefined) return false;
    const { text } = await headText(source, entry);
    return firstSymbol(text) === '{' && /"shapes"\s*:/.test(text);
  },
  async read(source, options = {}) {
    const names = classNameMap(options.classNames);
    const { dataset, warnings } = await readLabelme(source, names === undefined ? {} : { classNames: names });
    return { dataset, semantic: false, warnings };
  },
};

async function firstJson(source: Parameters<DatasetFormat['detect']>[0]): Promise<string | undefined> {
  return (await listMatching(source, (name) => name.toLowerCase().endsWith('.json')))[0];
}

export const interimCvatFormat: DatasetFormat = {
  name: 'cvat',
  description: 'CVAT for images 1.1 XML (masks)',
  holds: { instances: true, overlaps: true, crowd: false, classNames: true, scores: false },
  async detect(source) {
    const entry = entryWith(source, '.xml');
    return entry !== undefined && /<annotations[\s>]/.test((await headText(source, entry)).text);
  },
  async read(source) {
    const entry = requireEntry(source, 'cvat', 'XML file');
    const text = await readText(source, entry);
    const dataset = await locatedIn(source, entry, () => cvatImagesToCoco(parseCvatImagesXml(text)));
    return { dataset, semantic: false, warnings: [] };
  },
};

export const interimLabelStudioFormat: DatasetFormat = {
  name: 'label-studio',
  description: 'Label Studio JSON export (brush masks)',
  holds: { instances: true, overlaps: true, crowd: false, classNames: true, scores: false },
  async detect(source) {
    const entry = entryWith(source, '.json');
    if (entry === undefined) return false;
    const { text } = await headText(source, entry);
    return firstSymbol(text) === '[' && /"(annotations|predictions)"\s*:/.test(text) && /"data"\s*:/.test(text);
  },
  async read(source) {
    const entry = requireEntry(source, 'label-studio', 'JSON export');
    const document = await readJson(source, entry);
    const { dataset, warnings } = await locatedIn(source, entry, () =>
      labelStudioTasksToCoco(parseLabelStudioExport(document)),
    );
    return { dataset, semantic: false, warnings };
  },
};

/** Cityscapes `*_gt*_polygons.json` files: detected here; read to instances by the codecs branch's format. */
const POLYGONS_FILE = /_gt.*_polygons\.json$/;

export const interimCityscapesFormat: DatasetFormat = {
  name: 'cityscapes',
  description: 'Cityscapes *_polygons.json folder',
  holds: { instances: true, overlaps: true, crowd: false, classNames: true, scores: false },
  async detect(source) {
    if (source.entry !== undefined) return POLYGONS_FILE.test(source.entry);
    return (await listMatching(source, (name) => POLYGONS_FILE.test(name))).length > 0;
  },
  async read(source) {
    throw new SegkitError(
      'UNSUPPORTED',
      'reading cityscapes as instances is not implemented yet; convert it to cityscapes PNGs or pass another format',
      [source.name],
    );
  },
};
