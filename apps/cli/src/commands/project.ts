import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { CITYSCAPES_LABELS } from '@segkit/formats';
import { readJsonFile, writeFileAtomic } from '@segkit/jobs';
import type { Command } from 'commander';
import { ZipFile } from 'yazl';
import { integerOption } from '../options.js';
import { parseOutputFormat, UsageError } from '../report.js';
import { multipartBody, type ServerOptions, serverClient } from './project-client.js';

interface ProjectClass {
  id: number;
  name: string;
  color: string;
  isthing: boolean;
}

const serverFlags = (command: Command) =>
  command
    .option('--server <url>', 'the segkit server (or SEGKIT_SERVER)')
    .option('--token <t>', 'a bearer token from POST /api/auth/login (or SEGKIT_TOKEN)')
    .option('--format <f>', 'text or json', 'text');

/** `segkit project create|import|export|qa`: a running server's projects, from scripts. */
export function registerProject(program: Command): void {
  const project = program
    .command('project')
    .description('create, fill, export and score projects on a running segkit server');

  serverFlags(
    project
      .command('create')
      .description('create a project')
      .requiredOption('--name <n>', 'project name')
      .requiredOption('--type <t>', 'semantic, instance or panoptic')
      .requiredOption(
        '--classes <c>',
        'a COCO JSON with "categories", "cityscapes" (labelIds 0-33), or names "road,car,person"',
      )
      .option('--things <names>', 'with a list of names: the thing classes, comma-separated (panoptic)')
      .option('--ignore-index <n>', 'value of unlabelled pixels in exports and QA', '255')
      .option('--delivery <f>', 'coco-rle, coco-polygon, png, coco-panoptic, cityscapes or binary-masks')
      .addHelpText(
        'after',
        '\nExample:\n  segkit project create --server http://127.0.0.1:8080 --token $T --name streets --type panoptic --classes cityscapes\n',
      ),
  ).action(
    async (
      options: ServerOptions & {
        name: string;
        type: string;
        classes: string;
        things?: string;
        ignoreIndex: string;
        delivery?: string;
        format: string;
      },
    ) => {
      const format = parseOutputFormat(options.format);
      const client = serverClient(options);
      const classes = await taxonomy(options.classes, options.things);
      const created = await client.call('POST', '/api/projects', {
        name: options.name,
        type: options.type,
        classes,
        ignoreIndex: integerOption('--ignore-index', options.ignoreIndex, 0, 65535),
        ...(options.delivery === undefined ? {} : { deliveryFormat: options.delivery }),
      });
      const body = created.json<{ id: number; name: string }>();
      process.stdout.write(
        format === 'json'
          ? `${JSON.stringify(body)}\n`
          : `created project ${body.id} (${body.name}) with ${classes.length} classes\n`,
      );
    },
  );

  serverFlags(
    project
      .command('import <project>')
      .description('upload images (a folder of PNG/JPEG files or a zip) and pre-labels in any format segkit reads')
      .option('--images <path>', 'a folder of images or a zip of them')
      .option('--labels <path>', 'pre-labels: a file (COCO JSON, CVAT XML...) or a dataset folder')
      .option('--from <format>', 'the pre-labels format (detected when absent)')
      .addHelpText(
        'after',
        '\nExample:\n  segkit project import 3 --server $S --token $T --images frames/ --labels predictions.json\n',
      ),
  ).action(
    async (
      projectArg: string,
      options: ServerOptions & { images?: string; labels?: string; from?: string; format: string },
    ) => {
      const format = parseOutputFormat(options.format);
      const projectId = integerOption('<project>', projectArg, 1);
      if (options.images === undefined && options.labels === undefined)
        throw new UsageError('give --images, --labels or both');
      const client = serverClient(options);
      const result: Record<string, unknown> = {};
      if (options.images !== undefined) {
        const file = await asUpload(options.images, (name) => /\.(png|jpe?g)$/i.test(name));
        const form = await multipartBody([file]);
        result.images =
          client &&
          (await client.call('POST', `/api/projects/${projectId}/images`, form.body, form.headers)).json<{
            images: unknown[];
          }>().images.length;
      }
      if (options.labels !== undefined) {
        const file = await asUpload(options.labels, () => true);
        const form = await multipartBody([file], options.from === undefined ? {} : { format: options.from });
        result.labels = (
          await client.call('POST', `/api/projects/${projectId}/imports`, form.body, form.headers)
        ).json();
      }
      if (format === 'json') process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        if (result.images !== undefined) process.stdout.write(`uploaded ${result.images} images\n`);
        const labels = result.labels as
          | { format: string; matched: number; segments: number; unmatched: string[]; skippedCount: number }
          | undefined;
        if (labels !== undefined) {
          process.stdout.write(
            `imported ${labels.segments} pre-label segments (${labels.format}) onto ${labels.matched} images\n`,
          );
          if (labels.unmatched.length > 0)
            process.stdout.write(
              `  ${labels.unmatched.length} images matched no project image: ${labels.unmatched.slice(0, 5).join(', ')}${labels.unmatched.length > 5 ? ', ...' : ''}\n`,
            );
          if (labels.skippedCount > 0)
            process.stdout.write(`  ${labels.skippedCount} annotations skipped (see --format json)\n`);
        }
      }
    },
  );

  serverFlags(
    project
      .command('export <project>')
      .description('export the project or a batch as a zip (a server job, with progress)')
      .requiredOption('--out <file.zip>', 'where to write the zip')
      .option('--as <format>', "delivery format (default: the project's)")
      .option('--batch <id>', 'one batch only')
      .option('--source <s>', 'annotations or gold', 'annotations')
      .addHelpText('after', '\nExample:\n  segkit project export 3 --server $S --token $T --out delivery.zip\n'),
  ).action(
    async (
      projectArg: string,
      options: ServerOptions & { out: string; as?: string; batch?: string; source: string; format: string },
    ) => {
      const format = parseOutputFormat(options.format);
      const projectId = integerOption('<project>', projectArg, 1);
      const client = serverClient(options);
      const { jobId } = (
        await client.call('POST', `/api/projects/${projectId}/exports`, {
          ...(options.as === undefined ? {} : { format: options.as }),
          ...(options.batch === undefined ? {} : { batchId: integerOption('--batch', options.batch, 1) }),
          source: options.source,
        })
      ).json<{ jobId: number }>();
      let job: {
        state: string;
        progress: number;
        error?: { code: string; message: string };
        result?: { downloadUrl: string };
      };
      for (;;) {
        job = (await client.call('GET', `/api/jobs/${jobId}`)).json();
        if (process.stderr.isTTY)
          process.stderr.write(`\rexport job ${jobId}: ${job.state} ${(100 * job.progress).toFixed(0)}%   `);
        if (job.state === 'done' || job.state === 'failed') break;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      if (process.stderr.isTTY) process.stderr.write('\n');
      if (job.state === 'failed')
        throw new UsageError(`export job ${jobId} failed: ${job.error?.message ?? 'unknown error'}`);
      const zip = await client.call('GET', job.result?.downloadUrl ?? `/api/jobs/${jobId}/download`);
      await writeFileAtomic(options.out, [zip.bytes]);
      const summary = { jobId, bytes: zip.bytes.length, out: options.out };
      process.stdout.write(
        format === 'json'
          ? `${JSON.stringify(summary)}\n`
          : `wrote ${options.out} (${zip.bytes.length} bytes, job ${jobId})\n`,
      );
    },
  );

  serverFlags(
    project
      .command('qa <project>')
      .description("QA against the gold set: per annotator and overall (the project's, or one batch's)")
      .option('--batch <id>', 'one batch: its honeypots per assignee')
      .addHelpText('after', '\nExample:\n  segkit project qa 3 --server $S --token $T --batch 2 --format json\n'),
  ).action(async (projectArg: string, options: ServerOptions & { batch?: string; format: string }) => {
    const format = parseOutputFormat(options.format);
    const projectId = integerOption('<project>', projectArg, 1);
    const client = serverClient(options);
    const path =
      options.batch === undefined
        ? `/api/projects/${projectId}/qa`
        : `/api/batches/${integerOption('--batch', options.batch, 1)}/qa`;
    const qa = (await client.call('GET', path)).json<{
      perAnnotator: Array<{ userId: number; images: number; report: Report }>;
      batch?: Report;
      project?: Report;
    }>();
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify(qa)}\n`);
      return;
    }
    const overall = (qa.batch ?? qa.project) as Report;
    const lines = [`overall: ${headline(overall)}`];
    for (const alert of overall.alerts ?? []) lines.push(`  ALERT ${alert.message}`);
    for (const entry of qa.perAnnotator)
      lines.push(`user ${entry.userId} (${entry.images} gold images): ${headline(entry.report)}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

interface Report {
  miou?: number | null;
  stats?: number[];
  all?: { pq: number };
  alerts?: Array<{ message: string }>;
}

function headline(report: Report): string {
  const pct = (v: number | null | undefined) =>
    typeof v === 'number' && Number.isFinite(v) ? (100 * v).toFixed(2) : 'n/a';
  if (report.miou !== undefined) return `mIoU ${pct(report.miou)}`;
  if (report.stats !== undefined)
    return `AP ${pct(report.stats[0])}  AP50 ${pct(report.stats[1])}  AP75 ${pct(report.stats[2])}`;
  if (report.all !== undefined) return `PQ ${pct(report.all.pq)}`;
  return 'no report';
}

/** The project's classes from a COCO file's categories, the Cityscapes preset, or a list of names. */
async function taxonomy(value: string, things: string | undefined): Promise<ProjectClass[]> {
  const hex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  if (value === 'cityscapes') {
    return CITYSCAPES_LABELS.filter((label) => label.id >= 0).map((label) => ({
      id: label.id,
      name: label.name,
      color: hex(label.color),
      isthing: label.hasInstances,
    }));
  }
  if (/\.json$/i.test(value)) {
    // Sized, regular-file-only, and typed errors naming the file, as every other JSON input.
    const parsed = (await readJsonFile(value)) as { categories?: unknown } | null;
    const categories = parsed !== null && typeof parsed === 'object' ? parsed.categories : undefined;
    if (!Array.isArray(categories)) throw new UsageError(`--classes ${value}: no "categories" list`);
    return categories.map((entry: unknown, i) => {
      const c = (entry ?? {}) as { id?: unknown; name?: unknown; isthing?: unknown; color?: unknown };
      if (entry === null || typeof entry !== 'object' || !Number.isSafeInteger(c.id) || typeof c.name !== 'string') {
        throw new UsageError(`--classes ${value}: categories[${i}] needs an integer "id" and a string "name"`);
      }
      const color = c.color;
      const rgb =
        Array.isArray(color) && color.length === 3 && color.every((v) => Number.isInteger(v) && v >= 0 && v <= 255);
      return {
        id: c.id as number,
        name: c.name,
        color: rgb ? hex(color as number[]) : palette(i),
        isthing: c.isthing === undefined ? true : Boolean(c.isthing),
      };
    });
  }
  const thingNames = new Set(
    (things ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name, i) => ({ id: i, name, color: palette(i), isthing: thingNames.size === 0 || thingNames.has(name) }));
}

/** Distinct colours for classes without one (golden-angle hues). */
function palette(i: number): string {
  const h = (i * 137.508) % 360;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = 0.6 - 0.35 * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(255 * c)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** A file to upload: the file itself, or a folder zipped (entries relative to it, filtered by name). */
async function asUpload(
  path: string,
  keep: (name: string) => boolean,
): Promise<{ name: string; bytes?: Uint8Array; path?: string }> {
  const info = await stat(path).catch(() => {
    throw new UsageError(`${path}: no such file or folder`);
  });
  if (info.isFile()) return { name: basename(path), path };
  const zip = new ZipFile();
  let count = 0;
  for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !keep(entry.name)) continue;
    const full = join(entry.parentPath, entry.name);
    zip.addFile(full, relative(path, full).split(sep).join('/'));
    count++;
  }
  if (count === 0) throw new UsageError(`${path}: no files to upload`);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return { name: `${basename(path)}.zip`, bytes: new Uint8Array(Buffer.concat(chunks)) };
}
