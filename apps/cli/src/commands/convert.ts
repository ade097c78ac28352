import { performance } from 'node:perf_hooks';
import { formatLossReport, type OverlapPolicy } from '@segkit/formats';
import { type ConvertResult, convertDataset, openFileSource, writeFileAtomic } from '@segkit/jobs';
import type { Command } from 'commander';
import {
  CLASSES_HELP,
  choiceOption,
  integerOption,
  type LimitFlagValues,
  limitFlags,
  numberOption,
  refuseFlag,
} from '../options.js';
import { terminalProgress } from '../progress.js';
import { type OutputFormat, parseOutputFormat } from '../report.js';
import { asUsage, FORMAT_LIST, readOptions } from './load-dataset.js';

interface ConvertOptions extends LimitFlagValues {
  from?: string;
  to?: string;
  maskEncoding?: string;
  ignoreIndex?: string;
  classes?: string;
  overlap: string;
  report?: string;
  pngDir?: string;
  colors?: string;
  tolerance?: string;
  maxVertices?: string;
  images?: string;
  format: string;
}

const OVERLAP_POLICIES: readonly OverlapPolicy[] = ['last', 'first', 'smaller-on-top'];
const MASK_ENCODINGS = ['rle', 'polygon'] as const;

export function registerConvert(program: Command): void {
  const command = program
    .command('convert')
    .description('convert a dataset from one format to another, reporting what the conversion loses')
    .argument('<input>', 'input file or folder')
    .argument('<output>', 'output file or folder (files written atomically)')
    .option('--from <format>', `input format: ${FORMAT_LIST} (detected when unambiguous)`)
    .option('--to <format>', 'output format (default: coco for a .json output, else the input format)')
    .option(
      '--mask-encoding <encoding>',
      'how COCO masks are written: rle, or polygon (traced from the masks, holes kept)',
    )
    .option(
      '--tolerance <px>',
      'with --mask-encoding polygon or --to labelme: simplify traced rings to within this many pixels (default 0 = exact)',
    )
    .option('--max-vertices <n>', 'with --mask-encoding polygon or --to labelme: at most this many vertices per ring')
    .option('--ignore-index <n>', 'class-index masks: value of unlabelled pixels', '255')
    .option(
      '--colors <file>',
      'png: RGB colour-coded masks, class i = colour i of this table (JSON list or look-up PNG)',
    )
    .option('--classes <file>', CLASSES_HELP)
    .option(
      '--overlap <policy>',
      'to png or coco-panoptic, who keeps a pixel two annotations claim: last, first or smaller-on-top (the smaller object)',
      'last',
    )
    .option(
      '--png-dir <dir>',
      'coco-panoptic: folder of the segment PNGs (default: the panoptic JSON path without .json)',
    )
    .option('--images <dir>', 'binary-masks: the images, copied to <image>/images/ beside the masks')
    .option('--report <file>', 'write the loss report as JSON')
    .option('--format <format>', 'summary on stdout: text or json', 'text');
  limitFlags(command)
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
      const overlap = choiceOption('--overlap', options.overlap, OVERLAP_POLICIES);
      if (options.maskEncoding !== undefined) choiceOption('--mask-encoding', options.maskEncoding, MASK_ENCODINGS);
      // Tracing masks to polygons is what these two flags tune; anywhere else they would do nothing.
      const traces = options.maskEncoding === 'polygon' || options.to === 'labelme';
      for (const flag of ['tolerance', 'maxVertices'] as const) {
        refuseFlag(
          options[flag] !== undefined && !traces,
          flag === 'tolerance' ? '--tolerance' : '--max-vertices',
          'does nothing without --mask-encoding polygon or --to labelme (it tunes how masks are traced to polygons)',
        );
      }
      const read = await readOptions(options);
      const images =
        options.images === undefined ? undefined : await openFileSource(options.images, { limits: read.limits });
      const { from: _from, limits, ...readRest } = read;
      const started = performance.now();
      const progress = terminalProgress(`${options.from ?? 'dataset'} -> ${options.to ?? 'output'}`);
      const result = await asUsage(() =>
        convertDataset(
          input,
          output,
          {
            ...(options.from === undefined ? {} : { from: options.from }),
            ...(options.to === undefined ? {} : { to: options.to }),
            limits,
            read: readRest,
            write: {
              ignoreIndex: read.ignoreIndex,
              overlap,
              ...(read.colors === undefined ? {} : { colors: read.colors }),
              ...(options.maskEncoding === undefined
                ? {}
                : { maskEncoding: options.maskEncoding as 'rle' | 'polygon' }),
              ...(traces ? parsePolygonOptions(options) : {}),
              ...(options.pngDir === undefined ? {} : { pngDir: options.pngDir }),
              ...(images === undefined ? {} : { images }),
            },
          },
          { onProgress: progress },
        ),
      );
      progress.finish();
      const seconds = (performance.now() - started) / 1000;
      if (options.report) await writeFileAtomic(options.report, [`${JSON.stringify(result.report, null, 2)}\n`]);
      printResult(result, format, { input, output, seconds });
    });
}

function parsePolygonOptions(options: ConvertOptions): { tolerance: number; maxVertices?: number } {
  const tolerance = options.tolerance === undefined ? 0 : numberOption('--tolerance', options.tolerance, 0);
  if (options.maxVertices === undefined) return { tolerance };
  return { tolerance, maxVertices: integerOption('--max-vertices', options.maxVertices, 3) };
}

function printResult(
  result: ConvertResult,
  format: OutputFormat,
  run: { input: string; output: string; seconds: number },
): void {
  if (format === 'json') {
    const { input, output, seconds } = run;
    process.stdout.write(
      `${JSON.stringify({ input, output, from: result.from, to: result.to, seconds, ...result.details, lossless: result.report.lossless, report: result.report })}\n`,
    );
    return;
  }
  process.stdout.write(`${result.summary} in ${run.seconds.toFixed(2)} s\n`);
  process.stdout.write(`${formatLossReport(result.report)}\n`);
}
