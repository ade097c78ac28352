import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { segkit } from './run-cli.js';

/** Bad usage: exit status 2 and exactly one line on stderr, never the whole help. */
describe('segkit usage errors', () => {
  it.each([
    [['convert', 'a.json', 'b.json', '--bogus'], "unknown option '--bogus'"],
    [['convert', 'a.json'], "missing required argument 'output'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [
      ['eval', 'instance', '--gt', 'a.json', '--dt', 'b.json', '--iou-type', 'foo'],
      '--iou-type must be segm, bbox, boundary',
    ],
    [['eval', 'semantic', '--gt', 'a', '--pred', 'b'], '--num-classes is required without --preset'],
    [['eval', 'semantic', '--preset', 'foo', '--gt', 'a', '--pred', 'b'], '--preset must be cityscapes'],
    [
      ['eval', 'semantic', '--preset', 'cityscapes', '--num-classes', '3', '--gt', 'a', '--pred', 'b'],
      '--num-classes does nothing with --preset',
    ],
    [
      ['eval', 'semantic', '--gt', 'a', '--pred', 'b', '--num-classes', '3', '--ignore-index', 'x'],
      '--ignore-index must be an integer',
    ],
    [['eval', 'panoptic', '--gt', 'a', '--pred', 'b', '--format', 'xml'], '--format must be text, json, csv'],
    [['convert', 'a.json', 'b.json', '--tolerance', '2'], '--tolerance does nothing without --mask-encoding polygon'],
    [
      ['convert', 'a.json', 'b.json', '--max-vertices', '8'],
      '--max-vertices does nothing without --mask-encoding polygon',
    ],
    [['convert', 'a.json', 'b.json', '--overlap', 'biggest'], '--overlap must be last, first, smaller-on-top'],
  ])('segkit %j exits 2 with one line naming the problem', (args, expected) => {
    const result = segkit(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(expected);
    expect(lines[0].startsWith('segkit: ')).toBe(true);
  });
});

describe('segkit output into a pipe closed early', () => {
  it('ends quietly, as cat does (segkit validate ... | head -1)', () => {
    const bin = new URL('../bin/segkit.js', import.meta.url).pathname;
    const fixture = new URL('../../../packages/metrics/test/fixtures/cocoeval_s3_gt.json', import.meta.url).pathname;
    // `true` closes its stdin at once: every write of segkit's then meets a closed pipe.
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" validate "${fixture}" | true`], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });
});
