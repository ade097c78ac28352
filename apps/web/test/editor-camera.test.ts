/**
 * The editor camera's pure math (apps/web/src/editor/render/camera.ts), the canvas backing store's
 * clamp (backing.ts) and the texture tiling (tiles.ts). Expected values are worked by hand from the
 * contract in docs/editor.md: at zoom Z, offset (x, y), pixel (px, py) covers CSS [(px - x)·Z, (px - x + 1)·Z).
 */
import { mulberry32 } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { backingStoreSize } from '../src/editor/render/backing.js';
import {
  cssToImage,
  fitCamera,
  imageToCss,
  MAX_ZOOM,
  MIN_ZOOM,
  panBy,
  pixelAt,
  visibleRect,
  wheelZoomFactor,
  zoomAt,
} from '../src/editor/render/camera.js';
import { intersect, TILE_CORE, tileGrid } from '../src/editor/render/tiles.js';

describe('camera', () => {
  it('cssToImage at zoom 1, offset 0 is the identity: CSS (u, v) is image point (u, v)', () => {
    expect(cssToImage({ zoom: 1, x: 0, y: 0 }, 12.5, 3.25)).toEqual({ x: 12.5, y: 3.25 });
    expect(pixelAt({ zoom: 1, x: 0, y: 0 }, 12.5, 3.25)).toEqual({ x: 12, y: 3 });
  });

  it('pixelAt at zoom 4, offset (10, 0): CSS 0..3.99 is pixel 10, CSS 4 is pixel 11', () => {
    const camera = { zoom: 4, x: 10, y: 0 };
    expect(pixelAt(camera, 0, 0)).toEqual({ x: 10, y: 0 });
    expect(pixelAt(camera, 3.99, 3.99)).toEqual({ x: 10, y: 0 });
    expect(pixelAt(camera, 4, 4)).toEqual({ x: 11, y: 1 });
    expect(imageToCss(camera, 11, 1)).toEqual({ x: 4, y: 4 });
  });

  it('imageToCss inverts cssToImage (seed 1, 200 cameras)', () => {
    const random = mulberry32(1);
    for (let i = 0; i < 200; i++) {
      const camera = { zoom: MIN_ZOOM + random() * MAX_ZOOM, x: random() * 4000 - 100, y: random() * 3000 - 100 };
      const u = random() * 2000;
      const v = random() * 1500;
      const point = cssToImage(camera, u, v);
      const back = imageToCss(camera, point.x, point.y);
      expect(back.x).toBeCloseTo(u, 6);
      expect(back.y).toBeCloseTo(v, 6);
    }
  });

  it('zoomAt keeps the image point under the pointer and clamps the zoom to 1/64..32', () => {
    const camera = { zoom: 2, x: 10, y: 20 };
    // CSS (40, 30) is image (30, 35); at zoom 4 it must stay there: x = 30 - 40 / 4 = 20, y = 35 - 30 / 4 = 27.5.
    expect(zoomAt(camera, 40, 30, 4)).toEqual({ zoom: 4, x: 20, y: 27.5 });
    expect(zoomAt(camera, 40, 30, 1000).zoom).toBe(32);
    expect(zoomAt(camera, 40, 30, 0).zoom).toBe(1 / 64);
    expect(zoomAt(camera, 40, 30, Number.NaN).zoom).toBe(1 / 64);
    const clamped = zoomAt(camera, 40, 30, 1000);
    expect(cssToImage(clamped, 40, 30)).toEqual({ x: 30, y: 35 });
  });

  it('panBy moves the content with the drag: 30 CSS pixels right at zoom 4 shows 7.5 pixels more on the left', () => {
    expect(panBy({ zoom: 4, x: 1, y: 1 }, 30, 10)).toEqual({ zoom: 4, x: -6.5, y: -1.5 });
  });

  it('wheelZoomFactor: a 100-pixel notch up zooms by e^0.2, lines are 16 pixels, junk is no zoom', () => {
    expect(wheelZoomFactor(-100, 0)).toBeCloseTo(Math.exp(0.2), 12);
    expect(wheelZoomFactor(100, 0)).toBeCloseTo(Math.exp(-0.2), 12);
    expect(wheelZoomFactor(-3, 1)).toBeCloseTo(Math.exp(0.096), 12);
    expect(wheelZoomFactor(Number.NaN, 0)).toBe(1);
  });

  it('fitCamera centres the whole image, never above zoom 1', () => {
    // 4096 × 3072 in 1024 × 1024: zoom 1/4, the image 1024 × 768 CSS, 128 CSS of margin above and below.
    expect(fitCamera(4096, 3072, 1024, 1024)).toEqual({ zoom: 0.25, x: 0, y: -512 });
    expect(fitCamera(100, 50, 300, 150)).toEqual({ zoom: 1, x: -100, y: -50 });
    expect(fitCamera(0, 50, 300, 150)).toEqual({ zoom: 1, x: 0, y: 0 });
  });

  it('visibleRect is every pixel partly on screen, clipped to the image', () => {
    expect(visibleRect({ zoom: 4, x: 1.5, y: -2 }, 20, 20, 100, 100)).toEqual({ x: 1, y: 0, width: 6, height: 3 });
    expect(visibleRect({ zoom: 1, x: 200, y: 0 }, 20, 20, 100, 100)).toEqual({ x: 200, y: 0, width: 0, height: 20 });
  });
});

describe('backingStoreSize', () => {
  it('is the CSS size × devicePixelRatio when that fits', () => {
    expect(backingStoreSize(1200, 800, 2)).toEqual({ width: 2400, height: 1600, scaleX: 2, scaleY: 2 });
    expect(backingStoreSize(1200, 800, 1)).toEqual({ width: 1200, height: 800, scaleX: 1, scaleY: 1 });
  });

  it('scales down to 8192 a side at a huge ratio, keeping the aspect', () => {
    // 1200 × 800 at 12 would be 14400 × 9600: scale 8192 / 1200 = 6.827, so 8192 × 5461.
    const store = backingStoreSize(1200, 800, 12);
    expect([store.width, store.height]).toEqual([8192, 5461]);
    expect(store.scaleX).toBeCloseTo(6.827, 3);
    expect(store.scaleY).toBeCloseTo(6.826, 3);
  });

  it('keeps the area under the limit, and a smaller GPU limit wins', () => {
    const store = backingStoreSize(8000, 8000, 3, 16384, 4096 * 4096);
    expect([store.width, store.height]).toEqual([4096, 4096]);
    expect(backingStoreSize(3000, 1000, 2, 4096)).toMatchObject({ width: 4096, height: 1365 });
  });

  it('is 1 × 1 for an empty or nonsense size, ratio 1 for a nonsense ratio', () => {
    expect(backingStoreSize(0, 800, 2)).toEqual({ width: 1, height: 1, scaleX: 1, scaleY: 1 });
    expect(backingStoreSize(Number.NaN, 800, 2)).toEqual({ width: 1, height: 1, scaleX: 1, scaleY: 1 });
    expect(backingStoreSize(100, 50, Number.NaN)).toEqual({ width: 100, height: 50, scaleX: 1, scaleY: 1 });
  });
});

describe('tileGrid', () => {
  it('cuts 4096 × 3072 into 3 × 2 tiles of 2046-pixel cores with a 1-pixel apron, textures at most 2048', () => {
    const tiles = tileGrid(4096, 3072);
    expect(TILE_CORE).toBe(2046);
    expect(tiles.map((t) => t.core)).toEqual([
      { x: 0, y: 0, width: 2046, height: 2046 },
      { x: 2046, y: 0, width: 2046, height: 2046 },
      { x: 4092, y: 0, width: 4, height: 2046 },
      { x: 0, y: 2046, width: 2046, height: 1026 },
      { x: 2046, y: 2046, width: 2046, height: 1026 },
      { x: 4092, y: 2046, width: 4, height: 1026 },
    ]);
    expect(tiles[0].texels).toEqual({ x: 0, y: 0, width: 2047, height: 2047 });
    expect(tiles[1].texels).toEqual({ x: 2045, y: 0, width: 2048, height: 2047 });
    expect(tiles[4].texels).toEqual({ x: 2045, y: 2045, width: 2048, height: 1027 });
    expect(tiles[5].texels).toEqual({ x: 4091, y: 2045, width: 5, height: 1027 });
  });

  it('one tile for a small image, its texels the image', () => {
    expect(tileGrid(5, 4)).toEqual([
      { core: { x: 0, y: 0, width: 5, height: 4 }, texels: { x: 0, y: 0, width: 5, height: 4 } },
    ]);
  });

  it('intersect is the shared pixels or undefined', () => {
    expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 8, width: 10, height: 10 })).toEqual({
      x: 5,
      y: 8,
      width: 5,
      height: 2,
    });
    expect(intersect({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 1, height: 1 })).toBeUndefined();
  });
});
