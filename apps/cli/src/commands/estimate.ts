import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isSegkitError } from '@segkit/core';
import { readJsonFile } from '@segkit/jobs';
import {
  ANNOTATION_TYPES,
  type CostEstimate,
  type CostModel,
  DEFAULT_COST_MODEL,
  didYouMean,
  EstimateInputError,
  estimateCost,
  parseCostModel,
  parseTypes,
  percent,
  type Range,
  type Workload,
  workloadFromProfile,
  workloadFromScope,
} from '@segkit/scope';
import type { Command } from 'commander';
import { integerOption, shareOption } from '../options.js';
import { parseOutputFormat, UsageError } from '../report.js';
import { type Cell, textTable } from '../table.js';
import { loadProfile, profileFlags } from './sample.js';

interface EstimateCliOptions {
  scope?: string;
  types: string;
  price?: string;
  images?: string;
  goldShare: string;
  model?: string;
  rareReview?: string;
  printModel?: boolean;
  format: string;
  from?: string;
  classes?: string;
  colors?: string;
  ignoreIndex?: string;
  pngDir?: string;
  minArea: string;
  sourcePattern?: string;
}

/** The default model file shipped with @segkit/scope (packages/scope/cost-model.json); the built-in copy if absent. */
function defaultModel(): { model: CostModel; file: string | null } {
  try {
    const entry = createRequire(import.meta.url).resolve('@segkit/scope');
    const file = join(dirname(entry), '..', 'cost-model.json');
    return { model: parseCostModel(JSON.parse(readFileSync(file, 'utf8'))), file };
  } catch (error) {
    if (isSegkitError(error)) throw error;
    return { model: DEFAULT_COST_MODEL, file: null };
  }
}

async function loadModel(file: string | undefined): Promise<CostModel> {
  const base = defaultModel().model;
  if (file === undefined) return base;
  const json = await readJsonFile(file);
  try {
    return parseCostModel(json, base);
  } catch (error) {
    throw isSegkitError(error) ? error.withContext(file) : error;
  }
}

function numberOption(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`${flag} must be a number ≥ 0, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Verdicts of the scope report onto a workload measured from the dataset, matched by class id. */
function withVerdicts(workload: Workload, scope: Workload): Workload {
  const verdicts = new Map(scope.classes.map((c) => [c.id, c.verdict]));
  return {
    ...workload,
    classes: workload.classes.map((c) => {
      const verdict = verdicts.get(c.id);
      return verdict === undefined ? c : { ...c, verdict };
    }),
    hasVerdicts: scope.hasVerdicts,
  };
}

/** Per-image figures to 2 decimals, project figures (hundreds, thousands) to whole units. */
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const range = (r: Range | null, digits = 2): Cell[] =>
  r === null ? [] : [round(r.low, digits), round(r.expected, digits), round(r.high, digits)];

function printText(estimate: CostEstimate, source: string): string {
  const { workload: w, settings } = estimate;
  const rare = w.classes.filter((c) => c.rare);
  const lines = [
    `workload (${w.from === 'scope' ? 'scope report' : 'dataset'} ${source}, ${w.images} images): ` +
      `${w.classesPerImage.toFixed(1)} classes and ${w.instancesPerImage.toFixed(1)} instances per image, ` +
      `boundary complexity ${w.complexity === null ? '-' : w.complexity.toFixed(1)} (perimeter²/area)`,
    rare.length === 0
      ? 'rare classes: none'
      : `rare classes (${percent(w.rareInstanceShare)} of instances, ${settings.rareReviewPasses} extra review pass${settings.rareReviewPasses === 1 ? '' : 'es'}): ${rare.map((c) => `${c.name} ${percent(c.rarityShare)}`).join(', ')}`,
    `project: ${settings.images} images, gold set ${percent(settings.goldShare)} labelled ${settings.goldExtraPasses} more time${settings.goldExtraPasses === 1 ? '' : 's'}` +
      (settings.price === null ? '; no --price, costs in box-images' : `; price ${settings.price} per box-image`),
    '',
    'per image and per project, in box-images (1 = one image labelled with boxes):',
  ];
  const money = settings.price !== null;
  const headers = [
    'type',
    'ratio',
    'factor',
    'image low',
    'expected',
    'high',
    'project low',
    'expected',
    'high',
    ...(money ? ['cost low', 'expected', 'high'] : []),
  ];
  lines.push(
    textTable(
      headers,
      estimate.perType.map((t) => [
        t.type,
        `${t.ratio.low}-${t.ratio.high}x`,
        `x${(t.content * t.rare).toFixed(2)}`,
        ...range(t.perImage),
        ...range(t.project, 0),
        ...range(t.projectCost, 0),
      ]),
      2,
    ),
  );
  const withSavings = estimate.perType.filter((t) => t.savings !== null);
  if (withSavings.length > 0) {
    lines.push('', 'savings if the classes scope marked "box" or "polygon" were labelled that way:');
    lines.push(
      textTable(
        ['type', 'moved', 'image saved', 'project saved low', 'expected', 'high', ...(money ? ['cost saved'] : [])],
        withSavings.map((t) => {
          const s = t.savings!;
          return [
            t.type,
            s.classes.length === 0 ? 'none' : s.classes.map((c) => `${c.name}→${c.verdict}`).join(', '),
            `${round(s.perImage.expected, 2)} (${percent(t.perImage.expected > 0 ? s.perImage.expected / t.perImage.expected : 0)})`,
            ...range(s.project, 0),
            ...(money ? [round(s.projectCost!.expected, 0)] : []),
          ];
        }),
        2,
      ),
    );
  }
  if (estimate.notes.length > 0) lines.push('', ...estimate.notes.map((note) => `note: ${note}`));
  return `${lines.join('\n')}\n`;
}

export function registerEstimate(program: Command): void {
  profileFlags(
    program
      .command('estimate')
      .description('labelling cost per image and per project, per annotation type, from a dataset or a scope report')
      .argument('[dataset]', 'any dataset segkit convert reads (or give --scope)'),
  )
    .option('--scope <report>', 'the JSON of segkit scope --format json: adds the savings from its verdicts')
    .option(
      '--types <list>',
      `annotation types, comma-separated: ${ANNOTATION_TYPES.join(', ')}`,
      ANNOTATION_TYPES.join(','),
    )
    .option('--price <amount>', 'price of one box-image (costs are in box-images without it)')
    .option('--images <n>', 'images to label (default: those of the dataset)')
    .option('--gold-share <share>', 'share of the images in the QA gold set, labelled again', '0.1')
    .option('--rare-review <passes>', 'extra review passes on rare classes (default: the model file)')
    .option('--model <file>', 'cost model JSON (all fields or some; see packages/scope/COST-MODEL.md)')
    .option('--print-model', 'print the cost model in use as JSON, to copy and edit, and exit')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      `
Example:
  $ segkit estimate camvid/trainannot --from png --ignore-index 11 --types polygon,semantic --images 5000 --price 0.05
  $ segkit scope data.json --format json > scope.json && segkit estimate --scope scope.json --price 0.05`,
    )
    .action(async (dataset: string | undefined, options: EstimateCliOptions) => {
      const format = parseOutputFormat(options.format);
      const model = await loadModel(options.model);
      if (options.printModel) {
        process.stdout.write(`${JSON.stringify(model, null, 2)}\n`);
        return;
      }
      if (dataset === undefined && options.scope === undefined) {
        throw new UsageError('estimate needs a DATASET or --scope REPORT.json');
      }
      let types: ReturnType<typeof parseTypes>;
      try {
        types = parseTypes(options.types, (name) => didYouMean(name, ANNOTATION_TYPES));
      } catch (error) {
        throw error instanceof EstimateInputError ? new UsageError(`--types: ${error.message}`) : error;
      }
      const settings = {
        types,
        price: options.price === undefined ? undefined : numberOption('--price', options.price),
        images: options.images === undefined ? undefined : integerOption('--images', options.images, 0),
        goldShare: shareOption('--gold-share', options.goldShare),
        rareReviewPasses:
          options.rareReview === undefined ? undefined : numberOption('--rare-review', options.rareReview),
      };
      let scope: Workload | undefined;
      if (options.scope !== undefined) {
        const json = await readJsonFile(options.scope);
        try {
          scope = workloadFromScope(json, model.rare.share);
        } catch (error) {
          throw isSegkitError(error) ? error.withContext(options.scope) : error;
        }
      }
      let workload: Workload;
      if (dataset !== undefined) {
        const { profile } = await loadProfile(dataset, options);
        workload = workloadFromProfile(profile, model.rare.share);
        if (scope !== undefined) workload = withVerdicts(workload, scope);
      } else {
        workload = scope!;
      }
      const estimate = estimateCost(workload, model, settings);
      const source = dataset ?? options.scope!;
      if (format === 'json') {
        process.stdout.write(
          `${JSON.stringify({ input: { dataset: dataset ?? null, scope: options.scope ?? null }, ...estimate })}\n`,
        );
      } else {
        process.stdout.write(printText(estimate, source));
      }
    });
}
