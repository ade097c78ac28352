import { stat } from 'node:fs/promises';
import {
  type DatasetType,
  listFiles,
  type ProblemList,
  readBinaryMasks,
  readClassNames,
  readJsonFile,
  validateCoco,
  validatePanoptic,
  validateSemanticFolder,
} from '@segkit/formats';
import type { Command } from 'commander';
import { EXIT_FAILURE, parseOutputFormat, UsageError } from '../report.js';

interface ValidateOptions {
  from?: string;
  type?: string;
  images?: string;
  classes?: string;
  ignoreIndex: string;
  pngDir?: string;
  format: string;
}

const TYPES = ['semantic', 'instance', 'panoptic'];

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('find every problem in a dataset; exit status 1 when there are errors')
    .argument('<dataset>', 'COCO JSON file, folder of class-index PNGs, or folder of per-instance binary masks')
    .option('--from <format>', 'coco, coco-panoptic, png or binary-masks (detected when unambiguous)')
    .option('--png-dir <dir>', 'coco-panoptic: folder of the segment PNGs (default: the JSON path without .json)')
    .option('--type <type>', 'semantic, instance or panoptic (what the dataset must satisfy)')
    .option('--images <dir>', 'check that every image file is there')
    .option('--classes <file>', 'class-index PNGs: the known classes, one name per line')
    .option('--ignore-index <n>', 'class-index PNGs: value of unlabelled pixels', '255')
    .option('--format <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      `
Example:
  $ segkit validate stage1_train --from binary-masks
  warning OVERLAP stage1_train: annotation 1203 (id 1204): annotation 1203 (id 1204) and annotation 1240 (id 1241) of image id 21 share 2 pixels
  0 errors, 1 warning`,
    )
    .action(async (dataset: string, options: ValidateOptions) => {
      const format = parseOutputFormat(options.format);
      if (options.type !== undefined && !TYPES.includes(options.type)) {
        throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(options.type)}`);
      }
      const from = options.from ?? (await detect(dataset));
      let problems: ProblemList;
      const document = from === 'coco' || from === 'coco-panoptic' ? await readJsonFile(dataset) : undefined;
      if (from === 'coco' && !isPanoptic(document)) {
        problems = validateCoco(document, {
          file: dataset,
          type: options.type as DatasetType | undefined,
          imagesDir: options.images,
        });
      } else if (from === 'coco-panoptic' || from === 'coco') {
        const pngDir = options.pngDir ?? dataset.replace(/\.json$/i, '');
        problems = await validatePanoptic(document, pngDir, dataset);
      } else if (from === 'binary-masks') {
        problems = validateCoco(await readBinaryMasks(dataset), { file: dataset, type: 'instance' });
      } else if (from === 'png') {
        const classNames = options.classes ? await readClassNames(options.classes) : undefined;
        problems = await validateSemanticFolder(dataset, { classNames, ignoreIndex: Number(options.ignoreIndex) });
      } else {
        throw new UsageError(`validate reads coco, coco-panoptic, png or binary-masks, not ${from}`);
      }
      const ordered = [...problems.problems].sort((a, b) =>
        a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
      );
      if (format === 'json') {
        process.stdout.write(
          `${JSON.stringify({ dataset, from, valid: problems.errors === 0, errors: problems.errors, warnings: problems.warnings, problems: ordered })}\n`,
        );
      } else {
        for (const p of ordered) process.stdout.write(`${p.severity} ${p.code} ${p.where}: ${p.message}\n`);
        process.stdout.write(
          `${problems.errors} error${problems.errors === 1 ? '' : 's'}, ${problems.warnings} warning${problems.warnings === 1 ? '' : 's'}\n`,
        );
      }
      if (problems.errors > 0) process.exitCode = EXIT_FAILURE;
    });
}

/** A COCO file whose annotations carry `segments_info` is COCO panoptic. */
function isPanoptic(document: unknown): boolean {
  const annotations = (document as { annotations?: unknown })?.annotations;
  return Array.isArray(annotations) && annotations.length > 0 && Array.isArray(annotations[0]?.segments_info);
}

async function detect(dataset: string): Promise<string> {
  const info = await stat(dataset).catch(() => undefined);
  if (info?.isFile() && dataset.toLowerCase().endsWith('.json')) return 'coco';
  if (info?.isDirectory()) {
    const masks = await listFiles(dataset, (name) => name.toLowerCase().endsWith('.png'));
    if (masks.some((path) => path.includes('/masks/'))) return 'binary-masks';
    if (masks.length > 0) return 'png';
  }
  if (info === undefined) throw new UsageError(`${dataset} does not exist`);
  throw new UsageError(`cannot tell the format of ${dataset}; pass --from`);
}
