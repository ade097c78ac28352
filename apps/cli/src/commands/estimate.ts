import { type EstimateJobReport, estimateJob, loadCostModel, readJsonFile } from '@segkit/jobs';
import { ANNOTATION_TYPES, didYouMean, EstimateInputError, parseTypes, percent, type Range } from '@segkit/scope';
import type { Command } from 'commander';
import { integerOption, type LimitFlagValues, limitsOption, shareOption } from '../options.js';
import { terminalProgress } from '../progress.js';
import { parseOutputFormat, UsageError } from '../report.js';
import { type Cell, textTable } from '../table.js';
import { loadForProfile, profileFlags } from './sample.js';

interface EstimateCliOptions extends LimitFlagValues {
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

function numberOption(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`${flag} must be a number ≥ 0, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Per-image figures to 2 decimals, project figures (hundreds, thousands) to whole units. */
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const range = (r: Range | null, digits = 2): Cell[] =>
  r === null ? [] : [round(r.low, digits), round(r.expected, digits), round(r.high, digits)];

/** Width the text report keeps to: a terminal's 80 columns. */
const COLUMNS = 80;

/**
 * `text` broken at spaces into lines of at most COLUMNS characters; its leading spaces indent the
 * first line, and the lines after it two spaces more. A word longer than a line (a long path) stays
 * whole.
 */
export function wrap(text: string, width = COLUMNS): string[] {
  const indent = text.length - text.trimStart().length;
  const first = text.slice(0, indent);
  const next = `${first}  `;
  const lines: string[] = [];
  let line = first;
  for (const word of text.slice(indent).split(' ')) {
    const start = line === first || line === next;
    const candidate = start ? `${line}${word}` : `${line} ${word}`;
    if (candidate.length > width && !start) {
      lines.push(line);
      line = `${next}${word}`;
    } else line = candidate;
  }
  lines.push(line);
  return lines;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function printText(estimate: EstimateJobReport, source: string, rareShare: number): string {
  const { workload: w, settings } = estimate;
  const rare = w.classes.filter((c) => c.rare);
  // Rarity is measured in pixels on class maps, in instances otherwise; the work share is always
  // in instances. Each sentence keeps to one unit.
  const rarityUnit = w.semantic ? 'pixels' : 'instances';
  const lines = [
    ...wrap(`workload: ${w.from === 'scope' ? 'scope report' : 'dataset'} ${source}, ${plural(w.images, 'image')}`),
    ...wrap(
      `  ${w.classesPerImage.toFixed(1)} classes and ${w.instancesPerImage.toFixed(1)} instances per image, ` +
        `boundary complexity ${w.complexity === null ? '-' : w.complexity.toFixed(1)} (perimeter²/area)`,
    ),
  ];
  if (rare.length === 0) lines.push(`rare classes (under ${percent(rareShare)} of ${rarityUnit}): none`);
  else {
    lines.push(
      ...wrap(
        `rare classes, share of ${rarityUnit} (under ${percent(rareShare)}): ${rare.map((c) => `${c.name} ${percent(c.rarityShare)}`).join(', ')}`,
      ),
      ...wrap(
        `  they hold ${percent(w.rareInstanceShare)} of the instances, reviewed ${plural(settings.rareReviewPasses, 'extra pass', 'extra passes')}`,
      ),
    );
  }
  lines.push(
    ...wrap(
      `project: ${plural(settings.images, 'image')}, gold set ${percent(settings.goldShare)} labelled ${plural(settings.goldExtraPasses, 'more time')}` +
        (settings.price === null ? '; no --price, costs in box-images' : `; price ${settings.price} per box-image`),
    ),
    '',
    'per image, in box-images (1 = one image labelled with boxes):',
  );
  const money = settings.price !== null;
  lines.push(
    textTable(
      ['type', 'ratio', 'factor', 'low', 'expected', 'high'],
      estimate.perType.map((t) => [
        t.type,
        `${t.ratio.low}-${t.ratio.high}x`,
        `x${(t.content * t.rare).toFixed(2)}`,
        ...range(t.perImage),
      ]),
      2,
    ),
    '',
    `per project (${plural(settings.images, 'image')} and the gold set), in box-images${money ? ' and in money' : ''}:`,
    textTable(
      ['type', 'low', 'expected', 'high', ...(money ? ['cost low', 'expected', 'high'] : [])],
      estimate.perType.map((t) => [t.type, ...range(t.project, 0), ...range(t.projectCost, 0)]),
      2,
    ),
  );
  const withSavings = estimate.perType.filter((t) => t.savings !== null && t.savings.classes.length > 0);
  const without = estimate.perType.filter((t) => t.savings !== null && t.savings.classes.length === 0);
  if (withSavings.length > 0) {
    lines.push('', ...wrap('savings if the classes scope marked "box" or "polygon" were labelled that way:'));
    lines.push(
      textTable(
        ['type', 'moved', 'image saved', 'project saved', ...(money ? ['cost saved'] : [])],
        withSavings.map((t) => {
          const s = t.savings!;
          return [
            t.type,
            s.classes.length,
            `${round(s.perImage.expected, 2)} (${percent(t.perImage.expected > 0 ? s.perImage.expected / t.perImage.expected : 0)})`,
            `${round(s.project.low, 0)}-${round(s.project.high, 0)}`,
            ...(money ? [round(s.projectCost!.expected, 0)] : []),
          ];
        }),
        2,
      ),
    );
    // The moved classes below the table, grouped by where they go, wrapped to the terminal.
    const groups = new Map<string, string[]>();
    for (const t of withSavings) {
      for (const c of t.savings!.classes) {
        const key = `${c.verdict}\t${c.name}`;
        groups.set(key, [...(groups.get(key) ?? []), t.type]);
      }
    }
    const byTarget = new Map<string, string[]>();
    for (const [key, types] of groups) {
      const [verdict, name] = key.split('\t');
      const target = `as ${verdict} instead of ${types.join(', ')}`;
      byTarget.set(target, [...(byTarget.get(target) ?? []), name]);
    }
    for (const [target, names] of byTarget) lines.push(...wrap(`moved ${target}: ${names.join(', ')}`));
  }
  if (without.length > 0) {
    lines.push(
      ...wrap(`${without.map((t) => t.type).join(', ')}: no saving (no class has a verdict cheaper than this type)`),
    );
  }
  if (estimate.notes.length > 0) lines.push('', ...estimate.notes.flatMap((note) => wrap(`note: ${note}`)));
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
      const limits = limitsOption(options);
      const model = await loadCostModel(options.model, limits);
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
      const scope =
        options.scope === undefined
          ? undefined
          : { name: options.scope, report: await readJsonFile(options.scope, limits) };
      const loaded = dataset === undefined ? undefined : await loadForProfile(dataset, options);
      const progress = terminalProgress('profiling');
      const estimate = await estimateJob({
        dataset: loaded === undefined ? undefined : { ...loaded, name: dataset! },
        scope,
        model,
        settings,
        onProgress: progress,
      });
      progress.finish();
      if (format === 'json') process.stdout.write(`${JSON.stringify(estimate)}\n`);
      else process.stdout.write(printText(estimate, dataset ?? options.scope!, model.rare.share));
    });
}
