import type { Command } from 'commander';
import { UsageError } from '../report.js';
import { parseEvalFormat, printEvalReport } from './eval-output.js';
import { evalPanoptic } from './eval-panoptic.js';

function format(value: string) {
  try {
    return parseEvalFormat(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function registerEval(program: Command): void {
  const evaluate = program
    .command('eval')
    .description(
      'quality metrics per class, exact with the canonical evaluators, with the classes averages hide named first',
    );

  evaluate
    .command('panoptic')
    .description('PQ, SQ, RQ per class and for All / Things / Stuff, as panopticapi pq_compute')
    .requiredOption('--gt <json>', 'ground truth COCO panoptic JSON')
    .requiredOption('--pred <json>', 'predictions COCO panoptic JSON')
    .option('--gt-dir <dir>', 'ground-truth segment PNGs (default: the JSON path without .json)')
    .option('--pred-dir <dir>', 'prediction segment PNGs (default: the JSON path without .json)')
    .option('--format <format>', 'text, json or csv', 'text')
    .addHelpText(
      'after',
      `
Example:
  $ segkit eval panoptic --gt panoptic_val.json --gt-dir panoptic_val --pred pred.json --pred-dir pred
  All     PQ  47.12  SQ  80.03  RQ  57.40  (133 classes)`,
    )
    .action(async (options: { gt: string; gtDir?: string; pred: string; predDir?: string; format: string }) => {
      const output = format(options.format);
      printEvalReport(await evalPanoptic(options), output);
    });
}
