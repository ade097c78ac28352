import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '@segkit/jobs';
import { DEFAULT_RULES, type ScopeReport, scopeDataset } from '@segkit/scope';
import type { Command } from 'commander';
import { integerOption, shareOption } from '../options.js';
import { terminalProgress } from '../progress.js';
import { parseOutputFormat, UsageError } from '../report.js';
import { datasetFlags, loadDataset, located } from './load-dataset.js';
import { scopeHtml } from './scope-html.js';
import { scopeText } from './scope-text.js';

interface ScopeCommandOptions {
  from?: string;
  classes?: string;
  colors?: string;
  ignoreIndex?: string;
  pngDir?: string;
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
  format: string;
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
      const started = performance.now();
      const loaded = await loadDataset(input, options, terminalProgress('reading'));
      const semantic = options.regions === undefined ? loaded.semantic : options.regions === 'components';
      const progress = terminalProgress('measuring');
      const result = located(input, () =>
        scopeDataset(loaded.dataset, {
          vertices,
          tolerance,
          targetIou,
          minArea,
          semantic,
          rules,
          onProgress: progress,
        }),
      );
      progress.finish();
      const report: ScopeReport = {
        dataset: {
          input,
          from: loaded.from,
          images: result.images,
          regions: result.regions.length,
          skipped: result.perClass.reduce((n, c) => n + c.skipped, 0),
          crowdSkipped: result.crowdSkipped,
          semantic,
        },
        settings: { vertices, tolerance, targetIou, minArea, rules },
        perClass: result.perClass,
      };
      if (options.html) {
        await writeFileAtomic(options.html, [scopeHtml(report, loaded.dataset, result.regions, examples)]);
      }
      const seconds = (performance.now() - started) / 1000;
      if (format === 'json') process.stdout.write(`${JSON.stringify(report)}\n`);
      else process.stdout.write(`${scopeText(report, seconds, options.html)}\n`);
    });
}
