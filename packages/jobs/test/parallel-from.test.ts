import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '@segkit/formats';
import { describe, expect, it } from 'vitest';
import { PARALLEL_PIXELS, parallelFromPixels } from '../src/dispatch/shares.js';

describe('parallelFromPixels', () => {
  it('parallelFromPixels is the image count whose pixels reach PARALLEL_PIXELS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segkit-parallel-'));
    const file = join(dir, 'a.png');
    writeFileSync(file, encodePng({ width: 480, height: 360, channels: 1, depth: 8, data: new Uint8Array(480 * 360) }));
    expect(PARALLEL_PIXELS).toBe(134_217_728);
    // 134,217,728 / 172,800 = 776.7: CamVid-size maps spread from 777 images.
    expect(await parallelFromPixels(file)).toBe(777);
  });

  it('parallelFromPixels never spreads when the sample cannot be read or sized', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segkit-parallel-'));
    writeFileSync(join(dir, 'text.png'), 'not a png');
    expect(await parallelFromPixels(join(dir, 'missing.png'))).toBe(Number.POSITIVE_INFINITY);
    expect(await parallelFromPixels(join(dir, 'text.png'))).toBe(Number.POSITIVE_INFINITY);
    expect(await parallelFromPixels(undefined)).toBe(Number.POSITIVE_INFINITY);
  });
});
