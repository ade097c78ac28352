import { type EvalReport, evalInstance, evalPanoptic, evalSemantic, type JobHooks, writeEvalHtml } from '@segkit/jobs';
import type { Command } from 'commander';
import {
  CLASSES_HELP,
  choiceOption,
  formatOption,
  ignoreIndexOption,
  integerOption,
  type LimitFlagValues,
  limitFlags,
  limitsOption,
  refuseFlag,
  threadsOption,
} from '../options.js';
import { terminalProgress } from '../progress.js';
import { UsageError } from '../report.js';
import { type EvalFormat, printEvalReport } from './eval-output.js';

const EVAL_FORMATS: readonly EvalFormat[] = ['text', 'json', 'csv'];
const PRESETS = ['cityscapes'] as const;
const IOU_TYPES = ['segm', 'bbox', 'boundary'] as const;

const THREADS_HELP =
  'worker threads across images (default: cores available, at most 4, once the images add up to 128 megapixels, else 1); the result does not depend on it';

/** Runs one eval job with a progress bar on a terminal's stderr. */
async function runJob<O>(job: (options: O, hooks: JobHooks) => Promise<EvalReport>, options: O, label: string) {
  const bar = terminalProgress(label);
  try {
    return await job(options, { onProgress: bar });
  } finally {
    bar.finish();
  }
}

/** Prints a report (alerts first) and writes its HTML page when asked. */
async function finishEval(
  report: EvalReport,
  output: EvalFormat,
  html: string | undefined,
  title: string,
): Promise<void> {
  printEvalReport(report, output);
  if (html) await writeEvalHtml(html, report, title);
}

const format = (value: string) => formatOption(value, EVAL_FORMATS);

export function registerEval(program: Command): void {
  const evaluate = program
    .command('eval')
    .description(
      'quality metrics per class, exact with the canonical evaluators, with the classes averages hide named first',
    );

  limitFlags(
    evaluate
      .command('semantic')
      .description(
        'per-class IoU, Dice, accuracy and precision from one confusion matrix over the dataset (mmseg convention)',
      )
      .requiredOption('--gt <dir>', 'ground-truth class-index PNGs')
      .requiredOption('--pred <dir>', 'predicted class-index PNGs (same relative names)')
      .option('--num-classes <n>', 'number of classes (ids 0..n-1)')
      .option('--ignore-index <n>', 'ground-truth value left out', '255')
      .option('--classes <file>', CLASSES_HELP)
      .option('--preset <name>', 'cityscapes: labelIds/instanceIds ground truth, IoU and iIoU per class and category')
      .option('--threads <n>', THREADS_HELP)
      .option('--format <format>', 'text, json or csv', 'text')
      .option('--html <file>', 'also write the report as one self-contained HTML page (chart, heatmap, table)')
      .addHelpText(
        'after',
        `
Example:
  $ segkit eval semantic --gt valannot --pred predictions --num-classes 12 --ignore-index 11
  $ segkit eval semantic --preset cityscapes --gt gtFine/val --pred results`,
      ),
  ).action(
    async (
      options: {
        gt: string;
        pred: string;
        numClasses?: string;
        ignoreIndex: string;
        classes?: string;
        preset?: string;
        threads?: string;
        format: string;
        html?: string;
      } & LimitFlagValues,
    ) => {
      const output = format(options.format);
      const limits = limitsOption(options);
      const preset = options.preset === undefined ? undefined : choiceOption('--preset', options.preset, PRESETS);
      if (preset === undefined && options.numClasses === undefined) {
        throw new UsageError('--num-classes is required without --preset');
      }
      refuseFlag(
        preset !== undefined && options.numClasses !== undefined,
        '--num-classes',
        'does nothing with --preset (the preset fixes the classes)',
      );
      refuseFlag(
        preset !== undefined && options.classes !== undefined,
        '--classes',
        'does nothing with --preset (the preset names the classes)',
      );
      // Any whole number: a count over the class limit is refused by the job with LIMIT, not here.
      const numClasses =
        options.numClasses === undefined ? undefined : integerOption('--num-classes', options.numClasses, 1);
      const ignoreIndex = ignoreIndexOption(options.ignoreIndex);
      const threads = threadsOption(options.threads);
      const report = await runJob(
        evalSemantic,
        { ...options, numClasses, ignoreIndex, threads, limits },
        'eval semantic',
      );
      await finishEval(report, output, options.html, `segkit eval semantic: ${options.pred}`);
    },
  );

  limitFlags(
    evaluate
      .command('instance')
      .description('COCOeval for segm or bbox, exactly as pycocotools, with AP per class')
      .requiredOption('--gt <json>', 'COCO instances ground truth')
      .requiredOption('--dt <json>', 'COCO results (detections with scores)')
      .option(
        '--iou-type <type>',
        'segm, bbox or boundary (boundary-iou-api: min(mask IoU, boundary IoU), dilation 0.02)',
        'segm',
      )
      .option('--strict', 'fix the known pycocotools quirks (explicit ignore flags honoured, GT id 0 can match)')
      .option(
        '--threads <n>',
        'worker threads across images (default 1: copying annotations to workers costs about what evaluating them does); the result does not depend on it',
      )
      .option('--format <format>', 'text, json or csv', 'text')
      .option('--html <file>', 'also write the report as one self-contained HTML page (chart, heatmap, table)')
      .addHelpText(
        'after',
        `
Example:
  $ segkit eval instance --gt instances_val.json --dt results.json --iou-type segm
   Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.335`,
      ),
  ).action(
    async (
      options: {
        gt: string;
        dt: string;
        iouType: string;
        strict?: boolean;
        threads?: string;
        format: string;
        html?: string;
      } & LimitFlagValues,
    ) => {
      const output = format(options.format);
      const iouType = choiceOption('--iou-type', options.iouType, IOU_TYPES);
      const threads = threadsOption(options.threads);
      const limits = limitsOption(options);
      const report = await runJob(evalInstance, { ...options, iouType, threads, limits }, 'eval instance');
      await finishEval(report, output, options.html, `segkit eval instance: ${options.dt}`);
    },
  );

  limitFlags(
    evaluate
      .command('panoptic')
      .description('PQ, SQ, RQ per class and for All / Things / Stuff, as panopticapi pq_compute')
      .requiredOption('--gt <json>', 'ground truth COCO panoptic JSON')
      .requiredOption('--pred <json>', 'predictions COCO panoptic JSON')
      .option('--gt-dir <dir>', 'ground-truth segment PNGs (default: the JSON path without .json)')
      .option('--pred-dir <dir>', 'prediction segment PNGs (default: the JSON path without .json)')
      .option('--threads <n>', THREADS_HELP)
      .option('--format <format>', 'text, json or csv', 'text')
      .option('--html <file>', 'also write the report as one self-contained HTML page (chart, heatmap, table)')
      .addHelpText(
        'after',
        `
Example:
  $ segkit eval panoptic --gt panoptic_val.json --gt-dir panoptic_val --pred pred.json --pred-dir pred
  All     PQ  47.12  SQ  80.03  RQ  57.40  (133 classes)`,
      ),
  ).action(
    async (
      options: {
        gt: string;
        gtDir?: string;
        pred: string;
        predDir?: string;
        threads?: string;
        format: string;
        html?: string;
      } & LimitFlagValues,
    ) => {
      const output = format(options.format);
      const threads = threadsOption(options.threads);
      const limits = limitsOption(options);
      const report = await runJob(evalPanoptic, { ...options, threads, limits }, 'eval panoptic');
      await finishEval(report, output, options.html, `segkit eval panoptic: ${options.pred}`);
    },
  );
}
