import { performance } from 'node:perf_hooks';
import { SegkitError } from '@segkit/core';
import { rewriteCocoFileAsRle, writeFileAtomic } from '@segkit/formats';
import type { Command } from 'commander';
import { type OutputFormat, parseOutputFormat, UsageError } from '../report.js';

/** Format names for --from/--to, as ../shared/docs/cli.md plans them. */
export const FORMAT_NAMES = [
  'coco',
  'coco-panoptic',
  'png',
  'cityscapes',
  'binary-masks',
  'labelme',
  'cvat',
  'label-studio',
] as const;

interface ConvertOptions {
  from?: string;
  to?: string;
  maskEncoding?: string;
  format: string;
}

export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('convert a dataset from one format to another, reporting what the conversion loses')
    .argument('<input>', 'input file or folder')
    .argument('<output>', 'output file or folder (written atomically)')
    .option('--from <format>', `input format: ${FORMAT_NAMES.join(', ')} (auto-detected from a .json input)`)
    .option('--to <format>', 'output format (default: the input format)')
    .option('--mask-encoding <encoding>', 'how masks are written: rle or polygon')
    .option('--format <format>', 'summary on stdout: text or json', 'text')
    .addHelpText(
      'after',
      `
Example: rewrite every segmentation of a COCO file as compressed RLE, exactly as
pycocotools' COCO.annToRLE returns it (polygon parts merged, size from the image):
  $ segkit convert instances.json instances_rle.json --from coco --to coco --mask-encoding rle
  converted 30000 annotations on 2000 images (28800 polygons, 1200 uncompressed RLE, 0 compressed RLE) ...`,
    )
    .action(async (input: string, output: string, options: ConvertOptions) => {
      const format = parseOutputFormat(options.format);
      const from = options.from ?? (input.toLowerCase().endsWith('.json') ? 'coco' : undefined);
      if (from === undefined) throw new UsageError('cannot tell the input format; pass --from');
      const to = options.to ?? from;
      for (const [flag, name] of [
        ['--from', from],
        ['--to', to],
      ] as const) {
        if (!(FORMAT_NAMES as readonly string[]).includes(name)) {
          throw new UsageError(`${flag} ${name} is not a format; use one of ${FORMAT_NAMES.join(', ')}`);
        }
      }
      if (from === 'coco' && to === 'coco') {
        await convertCocoToCoco(input, output, options.maskEncoding ?? 'rle', format);
        return;
      }
      throw new SegkitError('UNSUPPORTED', `conversion from ${from} to ${to} is not implemented yet`);
    });
}

async function convertCocoToCoco(input: string, output: string, encoding: string, format: OutputFormat): Promise<void> {
  if (encoding !== 'rle') {
    if (encoding === 'polygon') {
      throw new SegkitError('UNSUPPORTED', '--mask-encoding polygon (masks to polygons) is not implemented yet');
    }
    throw new UsageError(`--mask-encoding must be rle or polygon, got ${JSON.stringify(encoding)}`);
  }
  const started = performance.now();
  const result = await rewriteCocoFileAsRle(input);
  await writeFileAtomic(output, [JSON.stringify(result.dataset)]);
  const seconds = (performance.now() - started) / 1000;
  const { stats } = result;
  if (format === 'json') {
    process.stdout.write(
      `${JSON.stringify({ input, output, from: 'coco', to: 'coco', maskEncoding: 'rle', ...stats, lossless: true, seconds })}\n`,
    );
    return;
  }
  process.stdout.write(
    `converted ${stats.annotations} annotations on ${stats.images} images (${stats.polygons} polygons, ` +
      `${stats.uncompressedRle} uncompressed RLE, ${stats.compressedRle} compressed RLE) to compressed RLE ` +
      `in ${seconds.toFixed(2)} s -> ${output}\n` +
      'nothing lost: every mask is the pixel set pycocotools rasterizes; only the encoding changed\n',
  );
}
