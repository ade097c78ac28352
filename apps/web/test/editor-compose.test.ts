/**
 * The frame rules on the CPU (apps/web/src/editor/render/compose.ts, what the Canvas 2D backend draws
 * and the WebGL2 shader matches byte for byte, see editor-render.test.ts) and the palette (palette.ts).
 * Small frames are drawn as grids; seeded random frames are compared with a from-scratch per-pixel
 * reading of rules.ts written below without compose.ts's per-axis tables.
 */
import { mulberry32 } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import { composeFrame, div255, type FrameInput, frameShift, shiftFrame } from '../src/editor/render/compose.js';
import { buildPalette, checkPalette } from '../src/editor/render/palette.js';
import { DEFAULT_STYLE, mergeStyle } from '../src/editor/render/rules.js';
import type { Camera, Footprint, RenderStyle } from '../src/editor/render/types.js';
import { grid } from './harness/scene.js';

const GREY = [100, 110, 120];
/** 0 unlabeled; 1 red, 2 green, 3 blue. */
const PALETTE = Uint8Array.from([0, 0, 0, 0, 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]);
const NAMES: Record<string, string> = {
  '100,110,120': '.',
  '255,0,0': 'r',
  '0,255,0': 'g',
  '0,0,255': 'b',
  '40,40,40': '#',
  '255,255,255': 'w',
  '255,255,0': 'y',
};

function solid(width: number, height: number, rgb: number[]): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let o = 0; o < out.length; o += 4) out.set([...rgb, 255], o);
  return out;
}

function frameOf(
  scene: { width: number; height: number; ids: number[] },
  size: [number, number],
  camera: Camera,
  style: Partial<RenderStyle> = {},
  footprint: Footprint | null = null,
): FrameInput {
  return {
    width: size[0],
    height: size[1],
    scaleX: 1,
    scaleY: 1,
    camera,
    imageWidth: scene.width,
    imageHeight: scene.height,
    image: solid(scene.width, scene.height, GREY),
    labels: Uint32Array.from(scene.ids),
    palette: PALETTE,
    style: mergeStyle(DEFAULT_STYLE, { opacity: 1, grid: false, ...style }),
    footprint,
  };
}

/** The frame as rows of letters (NAMES), for comparing with a grid drawn in the test. */
function draw(frame: FrameInput): string {
  const out = new Uint8Array(frame.width * frame.height * 4);
  composeFrame(frame, out);
  const rows: string[] = [];
  for (let j = 0; j < frame.height; j++) {
    let row = '';
    for (let i = 0; i < frame.width; i++) {
      const o = (j * frame.width + i) * 4;
      row += NAMES[`${out[o]},${out[o + 1]},${out[o + 2]}`] ?? '?';
    }
    rows.push(row);
  }
  return rows.join('\n');
}

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .join('\n');

const BLOCK = grid(`
  0 0 0 0 0 0
  0 1 1 1 0 0
  0 1 1 1 2 2
  0 1 1 1 2 2
  0 0 0 0 0 0
`);

describe('composeFrame', () => {
  it('at zoom 1 shows the palette colour of each id, the image where 0 and the background off the image', () => {
    expect(draw(frameOf(BLOCK, [7, 6], { zoom: 1, x: 0, y: 0 }))).toBe(
      lines(`
        ......#
        .rrr..#
        .rrrgg#
        .rrrgg#
        ......#
        #######
      `),
    );
  });

  it('at zoom 2 with offset (1, 1) each pixel is a 2 × 2 block from CSS (0, 0)', () => {
    expect(draw(frameOf(BLOCK, [10, 8], { zoom: 2, x: 1, y: 1 }))).toBe(
      lines(`
        rrrrrr....
        rrrrrr....
        rrrrrrgggg
        rrrrrrgggg
        rrrrrrgggg
        rrrrrrgggg
        ..........
        ..........
      `),
    );
  });

  it('outline at zoom 1 keeps the pixels with a differing 4-neighbour or the image edge', () => {
    expect(draw(frameOf(BLOCK, [6, 5], { zoom: 1, x: 0, y: 0 }, { outline: true }))).toBe(
      lines(`
        ......
        .rrr..
        .r.rgg
        .rrrgg
        ......
      `),
    );
  });

  it('outline at zoom 3 draws a one-CSS-pixel band inside each differing side only', () => {
    expect(draw(frameOf(BLOCK, [18, 15], { zoom: 3, x: 0, y: 0 }, { outline: true }))).toBe(
      lines(`
        ..................
        ..................
        ..................
        ...rrrrrrrrr......
        ...r.......r......
        ...r.......r......
        ...r.......rgggggg
        ...r.......rg....g
        ...r.......rg....g
        ...r.......rg....g
        ...r.......rg....g
        ...rrrrrrrrrgggggg
        ..................
        ..................
        ..................
      `),
    );
  });

  it('the selected id gets a white band where its neighbour differs, over its fill', () => {
    expect(draw(frameOf(BLOCK, [6, 5], { zoom: 1, x: 0, y: 0 }, { selectedId: 2 }))).toBe(
      lines(`
        ......
        .rrr..
        .rrrww
        .rrrww
        ......
      `),
    );
  });

  it('the footprint outline covers its pixels with a neighbour outside it, above the labels', () => {
    const plus: Footprint = { x: 1, y: 1, width: 3, height: 3, mask: Uint8Array.from([0, 1, 0, 1, 1, 1, 0, 1, 0]) };
    expect(draw(frameOf(BLOCK, [6, 5], { zoom: 1, x: 0, y: 0 }, {}, plus))).toBe(
      lines(`
        ......
        .ryr..
        .yrygg
        .ryrgg
        ......
      `),
    );
  });

  it('an id past the palette is magenta; a palette entry with alpha 0 is hidden', () => {
    const scene = grid('5 1 2');
    const out = new Uint8Array(12);
    const frame = frameOf(scene, [3, 1], { zoom: 1, x: 0, y: 0 });
    frame.palette = Uint8Array.from([0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 255]);
    composeFrame(frame, out);
    expect([...out]).toEqual([255, 0, 255, 255, ...GREY, 255, 0, 255, 0, 255]);
  });

  it('equals a from-scratch per-pixel reading of the rules on seeded scenes (seed 42, 60 frames)', () => {
    const random = mulberry32(42);
    for (let round = 0; round < 60; round++) {
      const iw = 1 + Math.floor(random() * 12);
      const ih = 1 + Math.floor(random() * 12);
      const ids = Array.from({ length: iw * ih }, () => Math.floor(random() * 5));
      const image = new Uint8Array(iw * ih * 4).map(() => Math.floor(random() * 256));
      const palette = new Uint8Array(4 * 4).map(() => Math.floor(random() * 256));
      palette[3] = random() < 0.5 ? 0 : 255;
      palette[7] = random() < 0.3 ? 0 : 255;
      const mask = new Uint8Array(9).map(() => (random() < 0.6 ? 1 : 0));
      const zooms = [0.5, 1, 2, 3, 8, 1.5];
      const frame: FrameInput = {
        width: 1 + Math.floor(random() * 40),
        height: 1 + Math.floor(random() * 40),
        scaleX: [1, 2, 1.5][round % 3],
        scaleY: [1, 2, 1.5][round % 3],
        camera: { zoom: zooms[round % zooms.length], x: Math.floor(random() * 6) - 2, y: Math.floor(random() * 6) - 2 },
        imageWidth: iw,
        imageHeight: ih,
        image,
        labels: Uint32Array.from(ids),
        palette,
        style: mergeStyle(DEFAULT_STYLE, {
          opacity: random(),
          outline: random() < 0.3,
          hoverId: Math.floor(random() * 5),
          selectedId: Math.floor(random() * 5),
          grid: random() < 0.5,
        }),
        footprint: { x: Math.floor(random() * iw), y: Math.floor(random() * ih), width: 3, height: 3, mask },
      };
      const out = new Uint8Array(frame.width * frame.height * 4);
      composeFrame(frame, out);
      expect(Array.from(out), `round ${round}`).toEqual(reference(frame));
    }
  });

  it("with a region writes exactly the full frame's pixels there and leaves the rest as it was (seed 7, 60 frames)", () => {
    const random = mulberry32(7);
    for (let round = 0; round < 60; round++) {
      const iw = 1 + Math.floor(random() * 10);
      const ih = 1 + Math.floor(random() * 10);
      const frame: FrameInput = {
        width: 1 + Math.floor(random() * 50),
        height: 1 + Math.floor(random() * 50),
        scaleX: 1,
        scaleY: 1,
        camera: { zoom: [0.5, 1, 3, 8][round % 4], x: Math.floor(random() * 4) - 1, y: Math.floor(random() * 4) - 1 },
        imageWidth: iw,
        imageHeight: ih,
        image: new Uint8Array(iw * ih * 4).map(() => Math.floor(random() * 256)),
        labels: Uint32Array.from({ length: iw * ih }, () => Math.floor(random() * 4)),
        palette: PALETTE,
        style: mergeStyle(DEFAULT_STYLE, { opacity: random(), selectedId: round % 3, grid: true }),
        footprint: null,
      };
      const whole = new Uint8Array(frame.width * frame.height * 4);
      composeFrame(frame, whole);
      const region = {
        x0: Math.floor(random() * frame.width),
        y0: Math.floor(random() * frame.height),
        x1: 0,
        y1: 0,
      };
      region.x1 = region.x0 + 1 + Math.floor(random() * (frame.width - region.x0));
      region.y1 = region.y0 + 1 + Math.floor(random() * (frame.height - region.y0));
      const part = new Uint8Array(whole.length).fill(7);
      composeFrame(frame, part, region);
      for (let j = 0; j < frame.height; j++) {
        for (let i = 0; i < frame.width; i++) {
          const inside = i >= region.x0 && i < region.x1 && j >= region.y0 && j < region.y1;
          const o = (j * frame.width + i) * 4;
          const expected = inside ? [...whole.subarray(o, o + 4)] : [7, 7, 7, 7];
          expect([...part.subarray(o, o + 4)], `round ${round} (${i}, ${j})`).toEqual(expected);
        }
      }
    }
  });

  it('a frame moved by frameShift and shiftFrame, with the uncovered strips composed, equals the frame composed whole (seed 11, 80 pans)', () => {
    const random = mulberry32(11);
    let shifted = 0;
    for (let round = 0; round < 80; round++) {
      const iw = 3 + Math.floor(random() * 30);
      const ih = 3 + Math.floor(random() * 30);
      const scale = [1, 2, 1.5][round % 3];
      const zoom = [1, 2, 3, 0.5, 8, 1 / 3][round % 6];
      const before: Camera = { zoom, x: Math.floor(random() * 8) - 4 + (random() < 0.3 ? 0.25 : 0), y: 0.5 };
      // Drags of whole CSS pixels, and now and then a fractional one.
      const du = Math.floor(random() * 21) - 10 + (random() < 0.2 ? 0.5 : 0);
      const dv = Math.floor(random() * 21) - 10;
      const after: Camera = { zoom, x: before.x - du / zoom, y: before.y - dv / zoom };
      const frame: FrameInput = {
        width: 5 + Math.floor(random() * 40),
        height: 5 + Math.floor(random() * 40),
        scaleX: scale,
        scaleY: scale,
        camera: before,
        imageWidth: iw,
        imageHeight: ih,
        image: new Uint8Array(iw * ih * 4).map(() => Math.floor(random() * 256)),
        labels: Uint32Array.from({ length: iw * ih }, () => Math.floor(random() * 4)),
        palette: PALETTE,
        style: mergeStyle(DEFAULT_STYLE, {
          opacity: random(),
          outline: round % 4 === 0,
          selectedId: round % 3,
          grid: true,
        }),
        footprint: null,
      };
      const moved = new Uint8Array(frame.width * frame.height * 4);
      composeFrame(frame, moved);
      const whole = new Uint8Array(moved.length);
      composeFrame({ ...frame, camera: after }, whole);
      const shift = frameShift(frame, before, after);
      if (shift === null) continue;
      shifted++;
      const { dx, dy } = shift;
      shiftFrame(moved, frame.width, frame.height, dx, dy);
      const { width: w, height: h } = frame;
      const strips = [
        ...(dx > 0 ? [{ x0: 0, y0: 0, x1: dx, y1: h }] : dx < 0 ? [{ x0: w + dx, y0: 0, x1: w, y1: h }] : []),
        ...(dy > 0 ? [{ x0: 0, y0: 0, x1: w, y1: dy }] : dy < 0 ? [{ x0: 0, y0: h + dy, x1: w, y1: h }] : []),
      ];
      for (const strip of strips) composeFrame({ ...frame, camera: after }, moved, strip);
      expect(Array.from(moved), `round ${round}: zoom ${zoom}, scale ${scale}, shift ${dx}, ${dy}`).toEqual(
        Array.from(whole),
      );
    }
    // Most whole-pixel drags are shifts (the others were composed whole above, and not compared).
    expect(shifted).toBeGreaterThan(40);
  });

  it('frameShift is null for a zoom change and for a drag that is not whole device pixels', () => {
    const frame = { width: 20, height: 10, scaleX: 1, scaleY: 1, imageWidth: 50, imageHeight: 50 };
    expect(frameShift(frame, { zoom: 1, x: 0, y: 0 }, { zoom: 2, x: 0, y: 0 })).toBeNull();
    expect(frameShift(frame, { zoom: 1, x: 0, y: 0 }, { zoom: 1, x: -0.5, y: 0 })).toBeNull();
    expect(frameShift(frame, { zoom: 1, x: 0, y: 0 }, { zoom: 1, x: -3, y: 2 })).toEqual({ dx: 3, dy: -2 });
    expect(frameShift(frame, { zoom: 1, x: 0, y: 0 }, { zoom: 1, x: -25, y: 0 })).toBeNull();
  });

  it('div255(x) is floor(x / 255) for every x the blend makes (0..65152)', () => {
    for (let x = 0; x <= 255 * 255 + 127; x++) {
      if (div255(x) !== Math.floor(x / 255)) expect(div255(x), `x = ${x}`).toBe(Math.floor(x / 255));
    }
  });
});

/** rules.ts read literally, one device pixel at a time. */
function reference(f: FrameInput): number[] {
  const out: number[] = [];
  const s = f.style;
  const blend = (a: number, b: number, alpha: number) => Math.floor((a * (255 - alpha) + b * alpha + 127) / 255);
  const idAt = (x: number, y: number) =>
    x < 0 || y < 0 || x >= f.imageWidth || y >= f.imageHeight ? -1 : (f.labels as Uint32Array)[y * f.imageWidth + x];
  const inFp = (x: number, y: number) => {
    const fp = f.footprint as Footprint;
    const i = x - fp.x;
    const j = y - fp.y;
    return i >= 0 && j >= 0 && i < fp.width && j < fp.height && fp.mask[j * fp.width + i] !== 0;
  };
  for (let j = 0; j < f.height; j++) {
    for (let i = 0; i < f.width; i++) {
      const kx = f.scaleX * f.camera.zoom;
      const ky = f.scaleY * f.camera.zoom;
      const px = Math.floor((i + 0.5) / kx + f.camera.x);
      const py = Math.floor((j + 0.5) / ky + f.camera.y);
      if (px < 0 || py < 0 || px >= f.imageWidth || py >= f.imageHeight) {
        out.push(...s.background, 255);
        continue;
      }
      const left = i + 0.5 - (px - f.camera.x) * kx;
      const right = (px - f.camera.x + 1) * kx - (i + 0.5);
      const top = j + 0.5 - (py - f.camera.y) * ky;
      const bottom = (py - f.camera.y + 1) * ky - (j + 0.5);
      const tx = Math.max(1, Math.floor(f.scaleX));
      const ty = Math.max(1, Math.floor(f.scaleY));
      const p = (py * f.imageWidth + px) * 4;
      let rgb = [f.image[p], f.image[p + 1], f.image[p + 2]];
      const id = idAt(px, py);
      let colour = id < f.palette.length / 4 ? [...f.palette.subarray(id * 4, id * 4 + 3)] : [255, 0, 255];
      const visible = id < f.palette.length / 4 ? f.palette[id * 4 + 3] !== 0 : true;
      if (visible) {
        let alpha = s.outline ? 0 : Math.round(s.opacity * 255);
        if (id === s.hoverId && id !== 0) alpha = Math.min(255, alpha + 64);
        const edge =
          (left < tx && idAt(px - 1, py) !== id) ||
          (right < tx && idAt(px + 1, py) !== id) ||
          (top < ty && idAt(px, py - 1) !== id) ||
          (bottom < ty && idAt(px, py + 1) !== id);
        const selected = id === s.selectedId && id !== 0;
        if (edge && selected) {
          alpha = 255;
          colour = [...s.selectedColor];
        } else if (edge && s.outline) alpha = 255;
        rgb = rgb.map((c, k) => blend(c, colour[k], alpha));
      }
      if (s.grid && f.camera.zoom >= 8 && (left < 1 || top < 1)) rgb = rgb.map((c) => blend(c, 0, 64));
      if (inFp(px, py)) {
        const edge =
          (left < tx && !inFp(px - 1, py)) ||
          (right < tx && !inFp(px + 1, py)) ||
          (top < ty && !inFp(px, py - 1)) ||
          (bottom < ty && !inFp(px, py + 1));
        if (edge) rgb = [...s.footprintColor];
      }
      out.push(...rgb, 255);
    }
  }
  return out;
}

describe('buildPalette', () => {
  it('gives each segment its class colour, alpha 0 when it or its class is hidden, magenta for ids without one', () => {
    const palette = buildPalette(
      [
        { id: 1, categoryId: 7 },
        { id: 2, categoryId: 9 },
        { id: 4, categoryId: 7, hidden: true },
        { id: 5, categoryId: 8 },
      ],
      [
        { id: 7, color: '#ff0000' },
        { id: 9, color: '#00ff00', hidden: true },
        { id: 8, color: 'red' },
      ],
    );
    expect([...palette]).toEqual([
      ...[0, 0, 0, 0],
      ...[255, 0, 0, 255],
      ...[0, 255, 0, 0],
      ...[255, 0, 255, 255],
      ...[255, 0, 0, 0],
      ...[128, 128, 128, 255],
    ]);
  });

  it('rejects a segment id that is not a positive integer under 2048², naming it', () => {
    expect(() => buildPalette([{ id: 0, categoryId: 1 }], [])).toThrow('segment id 0 is not an integer in 1..4194303');
    expect(() => buildPalette([{ id: 2.5, categoryId: 1 }], [])).toThrow('segment id 2.5');
  });

  it('checkPalette counts entries and rejects a ragged one', () => {
    expect(checkPalette(new Uint8Array(12))).toBe(3);
    expect(() => checkPalette(new Uint8Array(6))).toThrow('palette has 6 bytes, not a multiple of 4 (RGBA per id)');
  });
});
