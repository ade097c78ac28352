import { checkLimit, type Limits, SegkitError } from '@segkit/core';
import { decodePng, type PngDecodeOptions, type PngImage } from '../io/png.js';
import { parseJson } from '../io/source-files.js';
import type { LabelMap } from './label-map.js';

/** Class colours by index: colours[i] = [r, g, b] of class i. */
export type ColorTable = number[][];

/**
 * A colour table from `--colors FILE`: JSON (a list of [r, g, b], or of {id, color}) or a look-up
 * PNG whose pixel i is the colour of class i (CamVid's camvid11.png, 256×1). `path` names the file
 * in errors and tells a look-up PNG (`.png`) from JSON. A table of more than `codec.limits.maxClasses`
 * colours, or an id at or past it, is a LimitError: every class-index map allocates by the table.
 */
export function parseColorTable(bytes: Uint8Array, path: string, codec: PngDecodeOptions = {}): ColorTable {
  const { limits } = codec;
  if (path.toLowerCase().endsWith('.png')) {
    const lut = decodePng(bytes, path, codec);
    withinLimit(path, () => checkLimit('maxClasses', lut.width * lut.height, limits, 'the colour look-up PNG'));
    if (lut.channels < 3) throw new SegkitError('INVALID_PNG', 'a colour look-up PNG must be RGB or RGBA', [path]);
    const table: ColorTable = [];
    for (let i = 0; i < lut.width * lut.height; i++) {
      const p = i * lut.channels;
      table.push([lut.data[p], lut.data[p + 1], lut.data[p + 2]]);
    }
    return table;
  }
  const parsed = parseJson(bytes, path);
  if (!Array.isArray(parsed)) throw new SegkitError('INVALID_DATASET', 'a colour table is a JSON list', [path]);
  const table: ColorTable = [];
  withinLimit(path, () => checkLimit('maxClasses', parsed.length, limits, 'the colour table'));
  parsed.forEach((entry, i) => {
    const isColor = (c: unknown) =>
      Array.isArray(c) && c.length >= 3 && c.slice(0, 3).every((v) => Number.isInteger(v) && v >= 0 && v <= 255);
    if (isColor(entry)) table[i] = (entry as number[]).slice(0, 3);
    else if (entry && typeof entry === 'object' && Number.isInteger(entry.id) && isColor(entry.color)) {
      withinLimit(path, () => checkClassId(entry.id, limits, `entry ${i}`));
      table[entry.id] = entry.color.slice(0, 3);
    } else {
      throw new SegkitError('INVALID_DATASET', `entry ${i} is neither [r, g, b] nor {id, color}`, [path]);
    }
  });
  return table;
}

/** Runs a limit check, naming `path` in the LimitError it throws. */
function withinLimit(path: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    throw (error as SegkitError).withContext(path);
  }
}

/**
 * A class id a file gives (a colour table's or a class list's `{id, …}`) is refused at or past
 * `maxClasses`: tables are indexed by id, so id 10^9 would make a list of a billion entries.
 */
export function checkClassId(id: number, limits: Partial<Limits> | undefined, what: string): void {
  checkLimit('maxClasses', id + 1, limits, `${what} (class id ${id}, counting from 0)`);
}

/**
 * An RGB colour-coded mask → class indices. When two classes share a colour the lower index wins
 * (camvid11.png paints void, 11, and every unused entry black). A colour with no class is an error
 * naming the first pixel that has it.
 */
export function labelMapFromColors(image: PngImage, table: ColorTable, name: string): LabelMap {
  if (image.channels < 3 || image.depth !== 8) {
    throw new SegkitError('INVALID_PNG', 'a colour-coded mask is an 8-bit RGB or RGBA image', [name]);
  }
  const index = new Map<number, number>();
  table.forEach((color, i) => {
    if (color === undefined) return;
    const key = (color[0] << 16) | (color[1] << 8) | color[2];
    if (!index.has(key)) index.set(key, i);
  });
  const { width, height, channels, data } = image;
  const labels = table.length > 256 ? new Uint16Array(width * height) : new Uint8Array(width * height);
  let lastKey = -1;
  let lastLabel = 0;
  for (let i = 0, p = 0; i < labels.length; i++, p += channels) {
    const key = (data[p] << 16) | (data[p + 1] << 8) | data[p + 2];
    if (key !== lastKey) {
      const label = index.get(key);
      if (label === undefined) {
        throw new SegkitError(
          'INVALID_PNG',
          `pixel (${i % width}, ${Math.floor(i / width)}) has colour (${data[p]}, ${data[p + 1]}, ${data[p + 2]}), which is no class of the colour table`,
          [name],
        );
      }
      lastKey = key;
      lastLabel = label;
    }
    labels[i] = lastLabel;
  }
  return { height, width, data: labels };
}

/** Class indices → an RGB colour-coded mask; `ignore` pixels are black unless the table colours them. */
export function labelMapToColors(map: LabelMap, table: ColorTable, ignore: number): PngImage {
  const rgb = new Uint8Array(map.width * map.height * 3);
  for (let i = 0; i < map.data.length; i++) {
    const label = map.data[i];
    const color = table[label];
    if (color === undefined) {
      if (label === ignore) continue;
      throw new SegkitError('INVALID_DATASET', `class ${label} has no colour in the colour table`);
    }
    rgb[3 * i] = color[0];
    rgb[3 * i + 1] = color[1];
    rgb[3 * i + 2] = color[2];
  }
  return { width: map.width, height: map.height, channels: 3, depth: 8, data: rgb };
}
