import { performance } from 'node:perf_hooks';
import { SegkitError } from '@segkit/core';
import {
  cocoToPanoptic,
  cocoToSemanticFolder,
  convertCityscapesFolder,
  cvatFormat,
  formatLossReport,
  type LossReport,
  labelStudioFormat,
  panopticToCoco,
  readBinaryMasks,
  readClassNames,
  readColorTable,
  readJsonFile,
  readLabelme,
  rewriteCocoFileAsRle,
  rewriteSegmentationsAsPolygons,
  semanticFolderToCoco,
  writeBinaryMasks,
  writeFileAtomic,
} from '@segkit/formats';
import type { Command } from 'commander';
import { terminalProgress } from '../progress.js';
import { type OutputFormat, parseOutputFormat, UsageError } from '../report.js';
import { detectFormat, FORMAT_NAMES, parseIgnoreIndex } from './load-dataset.js';
import { pathSink, pathSource } from './path-files.js';

interface ConvertOptions {
  from?: string;
  to?: string;
  maskEncoding?: string;
  ignoreIndex?: string;
  classes?: string;
  overlap?: string;
  report?: string;
  pngDir?: string;
  colors?: string;
  tolerance?: string;
  maxVertices?: string;
  format: string;
}

/** What a converter did: its loss report and a one-line summary. */
interface ConversionResult {
  summary: string;
  /** Printed under the summary instead of the loss report. */
  note?: string;
  report: LossReport;
  details?: Record<string, unknown>;
}

export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('convert a dataset from one format to another, reporting what the conversion loses')
    .argument('<input>', 'input file or folder')
    .argument('<output>', 'output file or folder (files written atomically)')
    .option('--from <format>', `input format: ${FORMAT_NAMES.join(', ')} (detected when unambiguous)`)
    .option('--to <format>', 'output format (default: coco for a .json output, else the input format)')
    .option(
      '--mask-encoding <encoding>',
      'how COCO masks are written: rle, or polygon (traced from the masks, holes kept)',
    )
    .option('--tolerance <px>', 'polygon: simplify rings to within this many pixels (0 = exact)', '0')
    .option('--max-vertices <n>', 'polygon: at most this many vertices per ring')
    .option('--ignore-index <n>', 'class-index masks: value of unlabelled pixels', '255')
    .option(
      '--colors <file>',
      'png: RGB colour-coded masks, class i = colour i of this table (JSON list or look-up PNG)',
    )
    .option('--classes <file>', 'class names, one per line (line i = class i) or a JSON list')
    .option(
      '--overlap <policy>',
      'to a semantic format, who keeps a pixel two annotations claim: last or first',
      'last',
    )
    .option(
      '--png-dir <dir>',
      'coco-panoptic: folder of the segment PNGs (default: the panoptic JSON path without .json)',
    )
    .option('--report <file>', 'write the loss report as JSON')
    .option('--format <format>', 'summary on stdout: text or json', 'text')
    .addHelpText(
      'after',
      `
Examples:
  # every segmentation as compressed RLE, exactly as pycocotools' COCO.annToRLE returns it
  $ segkit convert instances.json instances_rle.json --from coco --to coco --mask-encoding rle
  # a folder of class-index PNGs to COCO (one RLE annotation per image and class) and back
  $ segkit convert labels/ labels.json --from png --to coco --ignore-index 11
  $ segkit convert labels.json labels_again/ --from coco --to png --ignore-index 11
  lossless: every pixel of every class is as in the source (24 images, 218 annotations)`,
    )
    .action(async (input: string, output: string, options: ConvertOptions) => {
      const format = parseOutputFormat(options.format);
      const from = options.from ?? (await detectFormat(input));
      // Without --to: a .json output is COCO, anything else the input's format.
      const to = options.to ?? (output.toLowerCase().endsWith('.json') ? 'coco' : from);
      for (const [flag, name] of [
        ['--from', from],
        ['--to', to],
      ] as const) {
        if (!(FORMAT_NAMES as readonly string[]).includes(name)) {
          throw new UsageError(`${flag} ${name} is not a format; use one of ${FORMAT_NAMES.join(', ')}`);
        }
      }
      const ignoreIndex = parseIgnoreIndex(options.ignoreIndex);
      if (options.overlap !== 'last' && options.overlap !== 'first') {
        throw new UsageError(`--overlap must be last or first, got ${JSON.stringify(options.overlap)}`);
      }
      const started = performance.now();
      const progress = terminalProgress(`${from} -> ${to}`);
      let result: ConversionResult;
      if (from === 'coco' && to === 'coco') {
        result =
          options.maskEncoding === 'polygon'
            ? await cocoToPolygons(input, output, parsePolygonOptions(options))
            : await cocoToCoco(input, output, options.maskEncoding ?? 'rle');
      } else if (from === 'png' && to === 'coco') {
        const classNames = options.classes ? await readClassNames(options.classes) : undefined;
        const colors = options.colors ? await readColorTable(options.colors) : undefined;
        const { dataset, report } = await semanticFolderToCoco(input, {
          ignoreIndex,
          classNames,
          colors,
          onProgress: progress,
        });
        await writeFileAtomic(output, [JSON.stringify(dataset)]);
        result = {
          summary: `converted ${report.images} label images to ${report.annotations} RLE annotations -> ${output}`,
          report,
        };
      } else if (from === 'coco' && to === 'png') {
        const colors = options.colors ? await readColorTable(options.colors) : undefined;
        const report = await cocoToSemanticFolder(await readJsonFile(input), output, {
          ignoreIndex,
          colors,
          overlap: options.overlap,
          onProgress: progress,
        }).catch((error: unknown) => {
          throw error instanceof SegkitError && !error.message.startsWith(input) ? error.withContext(input) : error;
        });
        result = {
          summary: `wrote ${report.images} class-index PNGs from ${report.annotations} annotations -> ${output}`,
          report,
        };
      } else if (from === 'cityscapes' && to === 'cityscapes') {
        const summary = await convertCityscapesFolder(await pathSource(input), pathSink(output), progress);
        result = {
          summary: `rendered ${summary.files.length} Cityscapes documents (${summary.objectsDrawn} objects drawn, ${summary.objectsSkipped} skipped) to labelIds, labelTrainIds, instanceIds and color PNGs -> ${output}`,
          note: 'as cityscapesScripts json2labelImg / json2instanceImg (Pillow 12 polygon fill); skipped objects are deleted ones and license plates',
          report: lossless('cityscapes', 'cityscapes', summary.files.length, summary.objectsDrawn),
        };
      } else if (from === 'coco-panoptic' && to === 'coco') {
        const pngDir = options.pngDir ?? input.replace(/\.json$/i, '');
        const { dataset, report } = await panopticToCoco(await readJsonFile(input), pngDir, input);
        await writeFileAtomic(output, [JSON.stringify(dataset)]);
        result = {
          summary: `converted ${report.annotations} panoptic segments of ${report.images} images to RLE annotations -> ${output}`,
          report,
        };
      } else if (from === 'coco' && to === 'coco-panoptic') {
        const pngDir = options.pngDir ?? output.replace(/\.json$/i, '');
        const { panoptic, report } = await cocoToPanoptic(await readJsonFile(input), pngDir, {
          overlap: options.overlap,
        });
        await writeFileAtomic(output, [JSON.stringify(panoptic)]);
        result = {
          summary: `wrote ${report.images} panoptic PNGs to ${pngDir} and their segments -> ${output}`,
          report,
        };
      } else if (from === 'cvat' && to === 'coco') {
        const { dataset } = await cvatFormat.read(await pathSource(input));
        await writeFileAtomic(output, [JSON.stringify(dataset)]);
        result = {
          summary: `converted ${dataset.annotations.length} CVAT masks of ${dataset.images.length} images to RLE -> ${output}`,
          note: 'nothing lost: each <mask> became an RLE of exactly its pixels',
          report: lossless('cvat', 'coco', dataset.images.length, dataset.annotations.length),
        };
      } else if (from === 'label-studio' && to === 'coco') {
        const { dataset, warnings } = await labelStudioFormat.read(await pathSource(input));
        await writeFileAtomic(output, [JSON.stringify(dataset)]);
        const report = lossless('label-studio', 'coco', dataset.images.length, dataset.annotations.length);
        report.warnings = warnings;
        result = {
          summary: `converted ${dataset.annotations.length} Label Studio brush masks of ${dataset.images.length} images to RLE -> ${output}`,
          note: `nothing lost from the masks${warnings.length > 0 ? `; ${warnings.length} task(s) without a mask left out` : ''}`,
          report,
        };
      } else if (from === 'labelme' && to === 'coco') {
        const classNames = options.classes ? await readClassNames(options.classes) : undefined;
        const { dataset, warnings } = await readLabelme(await pathSource(input), { classNames });
        await writeFileAtomic(output, [JSON.stringify(dataset)]);
        const report = lossless('labelme', 'coco', dataset.images.length, dataset.annotations.length);
        report.warnings = warnings;
        report.lossless = warnings.length === 0;
        result = {
          summary: `converted ${dataset.annotations.length} labelme instances of ${dataset.images.length} images to COCO polygons -> ${output}`,
          note:
            warnings.length === 0
              ? 'nothing lost: every polygon kept as drawn'
              : `LOSSY:\n${warnings.map((w: string) => `  ${w}`).join('\n')}`,
          report,
        };
      } else if (from === 'binary-masks' && to === 'coco') {
        const dataset = await readBinaryMasks(input, 'object', progress);
        await writeFileAtomic(output, [JSON.stringify(dataset)]);
        result = {
          summary: `converted ${dataset.annotations.length} instance masks of ${dataset.images.length} images to RLE -> ${output}`,
          note: 'nothing lost: each mask file became an RLE of exactly its pixels',
          report: lossless('binary-masks', 'coco', dataset.images.length, dataset.annotations.length),
        };
      } else if (from === 'coco' && to === 'binary-masks') {
        const document = await readJsonFile(input);
        const written = await writeBinaryMasks(document, output);
        const images = (document as { images: unknown[] }).images.length;
        result = {
          summary: `wrote ${written} instance masks -> ${output}`,
          note: 'nothing lost: each annotation became a mask file of exactly its pixels',
          report: lossless('coco', 'binary-masks', images, written),
        };
      } else {
        throw new SegkitError('UNSUPPORTED', `conversion from ${from} to ${to} is not implemented yet`);
      }
      progress.finish();
      const seconds = (performance.now() - started) / 1000;
      if (options.report) await writeFileAtomic(options.report, [`${JSON.stringify(result.report, null, 2)}\n`]);
      printResult(result, format, { input, output, from, to, seconds });
    });
}

function lossless(from: string, to: string, images: number, annotations: number): LossReport {
  return { from, to, images, annotations, lossless: true, perClass: [], warnings: [] };
}

function parsePolygonOptions(options: ConvertOptions): { tolerance: number; maxVertices?: number } {
  const tolerance = Number(options.tolerance ?? 0);
  if (!Number.isFinite(tolerance) || tolerance < 0)
    throw new UsageError(`--tolerance must be a number >= 0, got ${JSON.stringify(options.tolerance)}`);
  if (options.maxVertices === undefined) return { tolerance };
  const maxVertices = Number(options.maxVertices);
  if (!Number.isInteger(maxVertices) || maxVertices < 3) {
    throw new UsageError(`--max-vertices must be an integer >= 3, got ${JSON.stringify(options.maxVertices)}`);
  }
  return { tolerance, maxVertices };
}

async function cocoToPolygons(
  input: string,
  output: string,
  polygonOptions: { tolerance: number; maxVertices?: number },
): Promise<ConversionResult> {
  let converted: ReturnType<typeof rewriteSegmentationsAsPolygons>;
  try {
    converted = rewriteSegmentationsAsPolygons(await readJsonFile(input), polygonOptions);
  } catch (error) {
    throw error instanceof SegkitError ? error.withContext(input) : error;
  }
  await writeFileAtomic(output, [JSON.stringify(converted.dataset)]);
  return {
    summary: `traced ${converted.report.annotations} annotations to polygons (holes kept) -> ${output}`,
    report: converted.report,
  };
}

async function cocoToCoco(input: string, output: string, encoding: string): Promise<ConversionResult> {
  if (encoding !== 'rle') {
    throw new UsageError(`--mask-encoding must be rle or polygon, got ${JSON.stringify(encoding)}`);
  }
  const { dataset, stats } = await rewriteCocoFileAsRle(input);
  await writeFileAtomic(output, [JSON.stringify(dataset)]);
  return {
    summary:
      `converted ${stats.annotations} annotations on ${stats.images} images (${stats.polygons} polygons, ` +
      `${stats.uncompressedRle} uncompressed RLE, ${stats.compressedRle} compressed RLE) to compressed RLE -> ${output}`,
    note: 'nothing lost: every mask is the pixel set pycocotools rasterizes; only the encoding changed',
    report: lossless('coco', 'coco', stats.images, stats.annotations),
    details: { ...stats, maskEncoding: 'rle' },
  };
}

function printResult(
  result: ConversionResult,
  format: OutputFormat,
  run: { input: string; output: string; from: string; to: string; seconds: number },
): void {
  if (format === 'json') {
    process.stdout.write(
      `${JSON.stringify({ ...run, ...result.details, lossless: result.report.lossless, report: result.report })}\n`,
    );
    return;
  }
  process.stdout.write(`${result.summary} in ${run.seconds.toFixed(2)} s\n`);
  process.stdout.write(`${result.note ?? formatLossReport(result.report)}\n`);
}
