import type { Limits } from '@segkit/core';
import { sampleJob } from '@segkit/jobs';
import { percent, type SamplePick, type SampleResult } from '@segkit/scope';
import type { Command } from 'commander';
import { integerOption, shareOption } from '../options.js';
import { terminalProgress } from '../progress.js';
import { parseOutputFormat, UsageError } from '../report.js';
import { textTable } from '../table.js';
import { type DatasetOptions, datasetFlags, type LoadedDataset, loadDataset } from './load-dataset.js';

interface SampleCliOptions extends DatasetOptions {
  k: string;
  seed: string;
  goldShare: string;
  densityBins: string;
  rareShare: string;
  sourcePattern?: string;
  minArea: string;
  format: string;
}

function sourcePattern(value: string | undefined): RegExp | undefined {
  if (value === undefined) return undefined;
  try {
    return new RegExp(value);
  } catch (error) {
    throw new UsageError(`--source-pattern is not a regular expression: ${(error as Error).message}`);
  }
}

function printPicks(title: string, picks: SamplePick[]): string[] {
  const lines = [title];
  picks.forEach((pick, i) => {
    lines.push(`  ${i + 1}. ${pick.fileName}  [source ${pick.source}, ${pick.regions} regions]`);
    for (const reason of pick.reasons) lines.push(`       - ${reason}`);
  });
  return lines;
}

function printText(result: SampleResult): string {
  const { settings, coverage } = result;
  const lines = printPicks(
    `pilot: ${result.pilot.length} of ${settings.images} images (--k ${settings.k}, --seed ${settings.seed})`,
    result.pilot,
  );
  lines.push('');
  lines.push(
    ...printPicks(
      `gold set: ${result.gold.length} image${result.gold.length === 1 ? '' : 's'} (--gold-share ${settings.goldShare} of ${settings.images}), none in the pilot`,
      result.gold,
    ),
  );
  lines.push('', `coverage (rare: under ${percent(settings.rareShare)} of ${settings.rarity}):`);
  lines.push(
    textTable(
      ['id', 'class', 'images', `% ${settings.rarity}`, 'rare', 'pilot', 'gold'],
      coverage.classes.map((c) => [
        c.id,
        c.name,
        c.images,
        percent(settings.rarity === 'pixels' ? c.pixelShare : c.regionShare),
        c.rare ? 'rare' : '',
        c.pilot,
        c.gold,
      ]),
    ),
  );
  lines.push('', 'density bins (regions per image):');
  lines.push(
    textTable(
      ['bin', 'regions', 'images', 'pilot', 'gold'],
      coverage.densityBins.map((b) => [
        b.bin,
        b.min === b.max ? `${b.min}` : `${b.min}-${b.max}`,
        b.images,
        b.pilot,
        b.gold,
      ]),
    ),
  );
  lines.push('', 'sources:');
  lines.push(
    textTable(
      ['source', 'images', 'pilot', 'gold'],
      coverage.sources.map((s) => [s.name, s.images, s.pilot, s.gold]),
    ),
  );
  if (result.notes.length > 0) lines.push('', ...result.notes.map((note) => `note: ${note}`));
  return `${lines.join('\n')}\n`;
}

/** Reads the dataset and names how to profile it (shared with `segkit estimate`). */
export async function loadForProfile(
  input: string,
  options: DatasetOptions & { sourcePattern?: string; minArea: string },
): Promise<{
  data: LoadedDataset['dataset'];
  from: string;
  semantic: boolean;
  minArea: number;
  sourcePattern?: RegExp;
  limits: Limits;
}> {
  const minArea = integerOption('--min-area', options.minArea, 0);
  const pattern = sourcePattern(options.sourcePattern);
  const progress = terminalProgress('reading');
  const loaded = await loadDataset(input, options, progress);
  progress.finish();
  for (const warning of loaded.warnings) process.stderr.write(`segkit: warning: ${warning}\n`);
  return {
    data: loaded.dataset,
    from: loaded.from,
    semantic: loaded.semantic,
    minArea,
    limits: loaded.limits,
    ...(pattern === undefined ? {} : { sourcePattern: pattern }),
  };
}

/** The dataset flags of `sample` and `estimate`: how to read it, and what counts as a region and a source. */
export function profileFlags(command: Command): Command {
  return datasetFlags(command)
    .option('--min-area <px>', 'class-index masks: connected parts smaller than this are not regions', '20')
    .option(
      '--source-pattern <regex>',
      "image source from the file name (first capture group), e.g. '^([^/]+)/' (default: folder or name prefix)",
    );
}

export function registerSample(program: Command): void {
  profileFlags(
    program
      .command('sample')
      .description(
        'choose the pilot images (every class, rarest first, spread over scene density and sources) and the QA gold set',
      )
      .argument('<dataset>', 'any dataset segkit convert reads (COCO file, class-index PNG folder, binary masks, ...)'),
  )
    .option('--k <n>', 'pilot size', '25')
    .option('--seed <n>', 'seed of the pseudo-random picks: the same seed gives the same picks', '1')
    .option('--gold-share <share>', 'gold set size, as a share of the dataset (disjoint from the pilot)', '0.1')
    .option('--density-bins <n>', 'scene-density bins (quantiles of regions per image)', '4')
    .option('--rare-share <share>', 'a class is rare under this share of pixels (semantic) or regions', '0.02')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      `
Example:
  $ segkit sample camvid/trainannot --from png --ignore-index 11 --k 5 --seed 7
  pilot: 5 of 24 images (--k 5, --seed 7)
    1. 0016E5_07965.png  [source 0016E5, 52 regions]
         - first image with class 'class_10' (rare: 0.39% of pixels, in 9 of 24 images)
         - density bin 4/4 (45-63 regions), source 0016E5`,
    )
    .action(async (dataset: string, options: SampleCliOptions) => {
      const format = parseOutputFormat(options.format);
      const settings = {
        k: integerOption('--k', options.k, 1),
        seed: integerOption('--seed', options.seed, 0, 0xffffffff),
        goldShare: shareOption('--gold-share', options.goldShare),
        densityBins: integerOption('--density-bins', options.densityBins, 1, 100),
        rareShare: shareOption('--rare-share', options.rareShare),
      };
      const loaded = await loadForProfile(dataset, options);
      const progress = terminalProgress('profiling');
      const report = await sampleJob(loaded.data, { ...loaded, ...settings, input: dataset, onProgress: progress });
      progress.finish();
      if (format === 'json') process.stdout.write(`${JSON.stringify(report)}\n`);
      else process.stdout.write(printText(report));
    });
}
