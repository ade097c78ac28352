import type { DatasetType } from '@segkit/formats';
import { validateJob } from '@segkit/jobs';
import type { Command } from 'commander';
import {
  CLASSES_HELP,
  codesOption,
  ignoreIndexOption,
  integerOption,
  type LimitFlagValues,
  limitFlags,
  limitsOption,
} from '../options.js';
import { EXIT_FAILURE, parseOutputFormat, UsageError } from '../report.js';
import { asUsage, FORMAT_LIST } from './load-dataset.js';

interface ValidateOptions extends LimitFlagValues {
  from?: string;
  type?: string;
  images?: string;
  classes?: string;
  ignoreIndex: string;
  pngDir?: string;
  ignore?: string;
  errorsOnly?: boolean;
  maxListed: string;
  format: string;
}

const TYPES = ['semantic', 'instance', 'panoptic'];

export function registerValidate(program: Command): void {
  const command = program
    .command('validate')
    .description('find every problem in a dataset; exit status 1 when there are errors')
    .argument('<dataset>', 'dataset file or folder, of any format segkit reads')
    .option('--from <format>', `${FORMAT_LIST} (detected when unambiguous)`)
    .option('--png-dir <dir>', 'coco-panoptic: folder of the segment PNGs (default: the JSON path without .json)')
    .option('--type <type>', 'semantic, instance or panoptic (what the dataset must satisfy)')
    .option('--images <dir>', 'check that every image file is there')
    .option('--classes <file>', CLASSES_HELP)
    .option('--ignore-index <n>', 'class-index PNGs: value of unlabelled pixels', '255')
    .option('--ignore <codes>', 'leave out problems with these codes (comma-separated, e.g. OVERLAP,BBOX)')
    .option('--errors-only', 'leave out every warning')
    .option(
      '--max-listed <n>',
      'list at most this many problems of one code, in text and JSON (the counts are always complete)',
      '20',
    )
    .option('--format <format>', 'text or json', 'text');
  limitFlags(command)
    .addHelpText(
      'after',
      `
Example:
  $ segkit validate stage1_train --from binary-masks
  warning OVERLAP stage1_train: annotation 1240 (id 1241): annotation 1240 (id 1241) shares 2 pixels with earlier annotations of image id 21, among them annotation 1203 (id 1204)
  0 errors, 1 warning`,
    )
    .action(async (dataset: string, options: ValidateOptions) => {
      const format = parseOutputFormat(options.format);
      if (options.type !== undefined && !TYPES.includes(options.type)) {
        throw new UsageError(`--type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(options.type)}`);
      }
      const ignoreIndex = ignoreIndexOption(options.ignoreIndex);
      const maxListed = integerOption('--max-listed', options.maxListed, 0);
      const ignore = options.ignore === undefined ? [] : codesOption('--ignore', options.ignore);
      const limits = limitsOption(options);
      const report = await asUsage(() =>
        validateJob(dataset, {
          ignoreIndex,
          ignore,
          limits,
          maxListed,
          errorsOnly: options.errorsOnly === true,
          ...(options.from === undefined ? {} : { from: options.from }),
          ...(options.type === undefined ? {} : { type: options.type as DatasetType }),
          ...(options.images === undefined ? {} : { images: options.images }),
          ...(options.classes === undefined ? {} : { classes: options.classes }),
          ...(options.pngDir === undefined ? {} : { pngDir: options.pngDir }),
        }),
      );
      const { from, valid, errors, warnings, hidden, counts, notes, problems: shown } = report;
      if (format === 'json') {
        process.stdout.write(
          `${JSON.stringify({ dataset, from, valid, errors, warnings, hidden, counts, notes, problems: shown })}\n`,
        );
      } else {
        const listed = new Map<string, number>();
        for (const p of shown) {
          const key = `${p.severity} ${p.code}`;
          const n = (listed.get(key) ?? 0) + 1;
          listed.set(key, n);
          if (n <= maxListed) process.stdout.write(`${p.severity} ${p.code} ${p.where}: ${p.message}\n`);
        }
        for (const c of counts) {
          if (c.count > maxListed) {
            process.stdout.write(`... and ${c.count - maxListed} more ${c.severity} ${c.code} (--max-listed)\n`);
          }
        }
        for (const note of notes) process.stdout.write(`note: ${note}\n`);
        const left = hidden > 0 ? ` (${hidden} left out by --ignore / --errors-only)` : '';
        process.stdout.write(
          `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${left}\n`,
        );
      }
      // The exit status follows the errors shown: an ignored code is the user's explicit choice (as a
      // linter's disabled rule); the JSON's "valid" still says whether the data has any error at all.
      if (errors > 0) process.exitCode = EXIT_FAILURE;
    });
}
