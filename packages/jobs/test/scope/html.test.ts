import { encode } from '@segkit/core';
import { decodePng, encodePng } from '@segkit/formats';
import { DEFAULT_RULES, type ScopeDataset } from '@segkit/scope';
import { describe, expect, it } from 'vitest';
import { cropToPng } from '../../src/scope/backdrop.js';
import { scopeHtml } from '../../src/scope/html.js';
import { scopeJob } from '../../src/scope/job.js';

const settings = {
  input: 'shapes.json',
  from: 'coco',
  semantic: false,
  vertices: 20,
  tolerance: 2,
  targetIou: 0.95,
  minArea: 4,
  rules: DEFAULT_RULES,
};

/** A 32 × 32 RLE with the pixels `inside(x, y)` on. */
function mask(inside: (x: number, y: number) => boolean) {
  const data = new Uint8Array(32 * 32);
  for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) data[y * 32 + x] = inside(x, y) ? 1 : 0;
  return { size: [32, 32], counts: Array.from(encode({ height: 32, width: 32, data }).counts) };
}

/** Two images, each with one 8 × 8 "tile" (a box) at (10, 12); classes "ghost" and "<b>" have none. */
function tiles(): ScopeDataset {
  return {
    images: [
      { id: 1, height: 32, width: 32, file_name: 'a.png' },
      { id: 2, height: 32, width: 32, file_name: 'b.jpg' },
    ],
    categories: [
      { id: 1, name: 'tile' },
      { id: 2, name: 'ghost' },
      { id: 3, name: '<b>' },
    ],
    annotations: [1, 2].map((id) => ({
      id,
      image_id: id,
      category_id: 1,
      segmentation: mask((x, y) => x >= 10 && x < 18 && y >= 12 && y < 20),
    })),
  };
}

/** A 32 × 32 grey photo whose pixel (x, y) is 8x + y: each pixel says where it came from. */
function photo(): Uint8Array {
  const data = new Uint8Array(32 * 32);
  for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) data[y * 32 + x] = 8 * x + y;
  return encodePng({ width: 32, height: 32, channels: 1, depth: 8, data });
}

describe('scopeHtml', () => {
  it('scopeHtml opens with one summary table, lists classes without regions once, and gives no section to them', async () => {
    const dataset = tiles();
    const { report, regions } = await scopeJob(dataset, settings);
    const page = await scopeHtml(report, dataset, regions, { examples: 2 });
    const summary = page.indexOf('<table class="summary">');
    expect(summary).toBeGreaterThan(0);
    expect(summary).toBeLessThan(page.indexOf('<section'));
    // The summary row: name, 2 regions, the verdict with its caveat mark, box 100%, polygon 100%, the caveat.
    expect(page).toMatch(
      /<tr><td class="name"><a href="#class-1">tile<\/a><\/td><td>2<\/td><td><span class="verdict box">box\*<\/span><\/td><td>100%<\/td><td>100%<\/td><td class="caveat">only 2 regions, under 10: too few for a firm verdict<\/td><\/tr>/,
    );
    expect(page.match(/<section/g)).toHaveLength(1);
    expect(page).toContain('<p class="empty">No region measured (no verdict): ghost, &lt;b&gt;.</p>');
    expect(page.match(/ghost/g)).toHaveLength(1);
    expect(page).not.toContain('<b>');
    expect(page.match(/<svg /g)).toHaveLength(2);
    expect(page).not.toContain('<image');
  });

  it('scopeHtml draws the PNG photo under an example and notes the JPEG it cannot decode', async () => {
    const dataset = tiles();
    const { report, regions } = await scopeJob(dataset, settings);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
    const page = await scopeHtml(report, dataset, regions, {
      examples: 2,
      images: async (name) => (name === 'a.png' ? photo() : name === 'b.jpg' ? jpeg : undefined),
    });
    const images = [
      ...page.matchAll(
        /<image x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"[^>]*href="data:image\/png;base64,([^"]+)"/g,
      ),
    ];
    expect(images).toHaveLength(1);
    // The 8 × 8 tile at (10, 12) with a pad of 2 pixels: the window (8, 10), 12 × 12.
    const [, x, y, w, h, base64] = images[0];
    expect([x, y, w, h]).toEqual(['8', '10', '12', '12']);
    const drawn = decodePng(new Uint8Array(Buffer.from(base64, 'base64')), 'embedded');
    expect(drawn).toMatchObject({ width: 12, height: 12, channels: 3 });
    // Its top-left pixel is photo pixel (8, 10) = 74, grey in each channel; bottom-right (19, 21) = 173.
    expect([...drawn.data.subarray(0, 3)]).toEqual([74, 74, 74]);
    expect([...drawn.data.subarray(3 * 143, 3 * 144)]).toEqual([173, 173, 173]);
    expect(page).toContain('JPEG, not drawn (no pure JPEG decoder in segkit): 1 (b.jpg)');
  });
});

describe('cropToPng', () => {
  it('cropToPng keeps every other pixel when the window is twice the drawn size (nearest pixel)', () => {
    const image = decodePng(photo(), 'photo');
    const backdrop = cropToPng(image, [0, 0, 8, 8], 4);
    expect(backdrop).toMatchObject({ x: 0, y: 0, width: 8, height: 8 });
    const out = decodePng(new Uint8Array(Buffer.from(backdrop!.href.split(',')[1], 'base64')), 'crop');
    expect(out).toMatchObject({ width: 4, height: 4 });
    // Output pixel (i, j) samples photo pixel (2i + 1, 2j + 1): 8 (2i + 1) + 2j + 1.
    //   j\i   0   1   2   3
    //   0     9  25  41  57
    //   1    11  27  43  59
    const red = (i: number, j: number) => out.data[3 * (j * 4 + i)];
    expect([red(0, 0), red(1, 0), red(2, 0), red(3, 0)]).toEqual([9, 25, 41, 57]);
    expect([red(0, 1), red(1, 1), red(2, 1), red(3, 1)]).toEqual([11, 27, 43, 59]);
  });

  it('cropToPng clips the window to the image and returns null when it misses it', () => {
    const image = decodePng(photo(), 'photo');
    expect(cropToPng(image, [28, -3, 10, 6], 220)).toMatchObject({ x: 28, y: 0, width: 4, height: 3 });
    expect(cropToPng(image, [40, 40, 5, 5], 220)).toBeNull();
  });
});
