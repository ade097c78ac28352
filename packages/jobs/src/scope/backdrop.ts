import { isSegkitError, type Limits } from '@segkit/core';
import { decodePng, encodePng, type PngImage } from '@segkit/formats';

/*
 * The photo under an example region of the scope page: the region's window of the image, cut out,
 * shrunk to at most the drawn size and embedded as a PNG data URL, so the page stays one file.
 */

/** Bytes of an image by its `file_name` in the dataset, or undefined when there is no such file. */
export type ImageSource = (fileName: string) => Promise<Uint8Array | undefined>;

/** A window [x, y, width, height] of the image in pixels (the SVG's view box). */
export type Window = readonly [number, number, number, number];

/** The image under a window: where it lies (in image pixels) and its data URL. */
export interface Backdrop {
  x: number;
  y: number;
  width: number;
  height: number;
  href: string;
}

/**
 * Cuts `window` out of `image` (clipped to the image) and samples it down to at most `maxSide`
 * pixels a side (nearest pixel: a preview, not a resampling), as 8-bit RGB. Palette, grey, alpha and
 * 16-bit images become plain RGB. Null when the window misses the image.
 */
export function cropToPng(image: PngImage, window: Window, maxSide: number): Backdrop | null {
  const x0 = Math.max(0, Math.floor(window[0]));
  const y0 = Math.max(0, Math.floor(window[1]));
  const x1 = Math.min(image.width, Math.ceil(window[0] + window[2]));
  const y1 = Math.min(image.height, Math.ceil(window[1] + window[3]));
  if (x1 <= x0 || y1 <= y0) return null;
  const cw = x1 - x0;
  const ch = y1 - y0;
  const scale = Math.min(1, maxSide / Math.max(cw, ch));
  const ow = Math.max(1, Math.round(cw * scale));
  const oh = Math.max(1, Math.round(ch * scale));
  const out = new Uint8Array(ow * oh * 3);
  const { channels, data, palette } = image;
  // 16-bit samples keep their high byte.
  const shift = image.depth === 16 ? 8 : 0;
  for (let oy = 0; oy < oh; oy++) {
    const sy = y0 + Math.min(ch - 1, Math.floor((oy + 0.5) / scale));
    for (let ox = 0; ox < ow; ox++) {
      const sx = x0 + Math.min(cw - 1, Math.floor((ox + 0.5) / scale));
      const at = (sy * image.width + sx) * channels;
      const o = (oy * ow + ox) * 3;
      if (palette !== undefined) {
        const rgb = palette[data[at]] ?? [0, 0, 0];
        out[o] = rgb[0];
        out[o + 1] = rgb[1];
        out[o + 2] = rgb[2];
      } else if (channels < 3) {
        const grey = data[at] >> shift;
        out[o] = grey;
        out[o + 1] = grey;
        out[o + 2] = grey;
      } else {
        out[o] = data[at] >> shift;
        out[o + 1] = data[at + 1] >> shift;
        out[o + 2] = data[at + 2] >> shift;
      }
    }
  }
  const png = encodePng({ width: ow, height: oh, channels: 3, depth: 8, data: out });
  return { x: x0, y: y0, width: cw, height: ch, href: `data:image/png;base64,${Buffer.from(png).toString('base64')}` };
}

/** A PNG's first bytes. */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const isPng = (bytes: Uint8Array) => PNG_SIGNATURE.every((b, i) => bytes[i] === b);
const isJpeg = (bytes: Uint8Array) => bytes[0] === 0xff && bytes[1] === 0xd8;

/**
 * Decoded images by file name, each read once, with a note per reason an image could not be drawn
 * (missing file, JPEG: segkit has no pure JPEG decoder, so JPEG photos are left out of the page).
 */
export class BackdropCache {
  private readonly decoded = new Map<string, PngImage | null>();
  readonly notes = new Map<string, string[]>();

  constructor(
    private readonly source: ImageSource,
    private readonly limits?: Partial<Limits>,
  ) {}

  async image(fileName: string): Promise<PngImage | null> {
    const known = this.decoded.get(fileName);
    if (known !== undefined) return known;
    let image: PngImage | null = null;
    const bytes = await this.source(fileName);
    if (bytes === undefined) this.note('not found in the images folder', fileName);
    else if (isPng(bytes)) {
      try {
        image = decodePng(bytes, fileName, { limits: this.limits });
      } catch (error) {
        const limit = isSegkitError(error) && error.code === 'LIMIT';
        this.note(limit ? 'over the pixel limit (--max-pixels), not drawn' : 'not a readable PNG', fileName);
      }
    } else if (isJpeg(bytes)) this.note('JPEG, not drawn (no pure JPEG decoder in segkit)', fileName);
    else this.note('not a PNG', fileName);
    this.decoded.set(fileName, image);
    return image;
  }

  private note(reason: string, fileName: string): void {
    const list = this.notes.get(reason) ?? [];
    list.push(fileName);
    this.notes.set(reason, list);
  }
}
