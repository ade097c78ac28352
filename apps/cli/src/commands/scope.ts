import { performance } from 'node:perf_hooks';
import { imagesFromFolder, scopeHtml, scopeJob, writeFileAtomic } from '@segkit/jobs';
import { DEFAULT_RULES } from '@segkit/scope';
import type { Command } from 'commander';
import { integerOption, shareOption } from '../options.js';
import { terminalProgress } from '../progress.js';
import { parseOutputFormat, UsageError } from '../report.js';
import { type DatasetOptions, datasetFlags, loadDataset } from './load-dataset.js';
import { scopeText } from './scope-text.js';

interface ScopeCommandOptions extends DatasetOptions {
  vertices: string;
  tolerance: string;
  targetIou: string;
  minArea: string;
  regions?: string;
  boundaryF: string;
  relativeIou: string;
  share: string;
  html?: string;
  examples: string;
  images?: string;
  threads?: string;
  progress?: boolean;
  format: string;
}

/** Seconds between two progress lines when stderr is not a terminal (`--progress`). */
const LINE_EVERY_S = 5;

/**
 * Progress on stderr: the bar on a terminal; with `--progress` elsewhere (a log, CI), a plain line
 * every few seconds and one at the end, so a long run shows it is alive without flooding the log.
 */
export function scopeProgress(
  label: string,
  lines: boolean,
): ((done: number, total: number) => void) & { finish(): void } {
  if (process.stderr.isTTY === true || !lines) return terminalProgress(label);
  const started = performance.now();
  let last = started;
  let ended = false;
  const update = (done: number, total: number) => {
    const now = performance.now();
    const end = done >= total;
    if (end ? ended : now - last < LINE_EVERY_S * 1000) return;
    last = now;
    ended = end;
    const share = total > 0 ? ((100 * done) / total).toFixed(0) : '100';
    process.stderr.write(`segkit: ${label} ${done}/${total} (${share}%), ${((now - started) / 1000).toFixed(0)} s\n`);
  };
  return Object.assign(update, { finish() {} });
}

export function registerScope(program: Command): void {
  datasetFlags(
    program
      .command('scope')
      .description('would boxes or N-vertex polygons have captured each class? measured per region, with a verdict')
      .argument('<dataset>', 'anything segkit convert reads: a COCO file, a class-index PNG folder, binary masks, ...'),
  )
    .option('--vertices <n>', 'vertex budget of the polygon, for the whole region (parts and holes)', '20')
    .option('--tolerance <px>', 'boundary F-score tolerance in pixels', '2')
    .option('--target-iou <iou>', 'report how many vertices reach this IoU', '0.95')
    .option('--min-area <px>', 'regions smaller than this are counted, not measured', '20')
    .option(
      '--regions <kind>',
      'instances (each annotation) or components (each connected part); default: components for class-index PNGs, else instances',
    )
    .option(
      '--boundary-f <f>',
      'verdict: a shape captures a region when its boundary F reaches this...',
      String(DEFAULT_RULES.boundaryF),
    )
    .option(
      '--relative-iou <r>',
      "...and its IoU reaches this times the IoU of the region's own outline without its pixel staircase",
      String(DEFAULT_RULES.relativeIou),
    )
    .option(
      '--share <s>',
      "verdict: the simplest shape that captures at least this share of a class's regions",
      String(DEFAULT_RULES.share),
    )
    .option('--html <file>', 'also write an HTML page with example regions drawn with their polygon')
    .option('--examples <n>', 'examples per class in the HTML page', '3')
    .option('--images <dir>', 'HTML page: draw the examples over their image from this folder (PNG; JPEG is left out)')
    .option(
      '--threads <n>',
      'worker threads (default: cores available, at most 4, from 2,000 annotations); the report does not depend on it',
    )
    .option('--progress', 'progress lines on stderr every few seconds even when it is not a terminal')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      `
Examples:
  $ segkit scope stage1_train --from binary-masks              # DSB2018 nuclei: polygon
  $ segkit scope trainannot --from png --ignore-index 11 --classes camvid.txt --html scope.html`,
    )
    .action(async (input: string, options: ScopeCommandOptions) => {
      const format = parseOutputFormat(options.format);
      const vertices = integerOption('--vertices', options.vertices, 3);
      // Beyond a few dozen pixels a boundary score says nothing a box would not, and costs window × t.
      const tolerance = integerOption('--tolerance', options.tolerance, 0, 64);
      const minArea = integerOption('--min-area', options.minArea, 1);
      const examples = integerOption('--examples', options.examples, 0, 100);
      const targetIou = shareOption('--target-iou', options.targetIou);
      const rules = {
        boundaryF: shareOption('--boundary-f', options.boundaryF),
        relativeIou: shareOption('--relative-iou', options.relativeIou),
        share: shareOption('--share', options.share),
      };
      if (options.regions !== undefined && options.regions !== 'instances' && options.regions !== 'components') {
        throw new UsageError(`--regions must be instances or components, got ${JSON.stringify(options.regions)}`);
      }
      const threads = options.threads === undefined ? undefined : integerOption('--threads', options.threads, 1, 64);
      if (options.images !== undefined && options.html === undefined) {
        throw new UsageError("--images draws the photos under the HTML page's examples: give --html FILE too");
      }
      const started = performance.now();
      const reading = scopeProgress('reading', options.progress === true);
      const loaded = await loadDataset(input, options, reading);
      reading.finish();
      const semantic = options.regions === undefined ? loaded.semantic : options.regions === 'components';
      const progress = scopeProgress('measuring annotations', options.progress === true);
      const { report, regions } = await scopeJob(loaded.dataset, {
        input,
        from: loaded.from,
        semantic,
        vertices,
        tolerance,
        targetIou,
        minArea,
        rules,
        threads,
        limits: loaded.limits,
        onProgress: progress,
      });
      progress.finish();
      if (options.html) {
        const page = await scopeHtml(report, loaded.dataset, regions, {
          examples,
          images: options.images === undefined ? undefined : imagesFromFolder(options.images, loaded.limits),
          limits: loaded.limits,
        });
        await writeFileAtomic(options.html, [page]);
      }
      const seconds = (performance.now() - started) / 1000;
      if (format === 'json') process.stdout.write(`${JSON.stringify(report)}\n`);
      else process.stdout.write(`${scopeText(report, seconds, options.html)}\n`);
    });
}
