import sharp from 'sharp';
import { invalid } from '../errors.js';

export interface ImageFacts {
  width: number;
  height: number;
  mediaType: 'image/png' | 'image/jpeg';
  thumbnail: Uint8Array;
}

/** The first bytes of a PNG and of a JPEG. */
export function imageKind(bytes: Uint8Array): 'image/png' | 'image/jpeg' | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'image/png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/**
 * Reads an uploaded image's size from its header, refuses it over `maxPixels` before decoding (sharp's
 * own pixel limit is set to the same value, so a lying header cannot get past it either), then
 * decodes it whole to make a 256-pixel thumbnail: an image that does not decode is refused here,
 * not discovered by an annotator. Pixels are taken as stored (EXIF orientation is not applied), as
 * COCO's width and height and every mask are.
 */
export async function inspectImage(bytes: Uint8Array, name: string, maxPixels: number): Promise<ImageFacts> {
  const mediaType = imageKind(bytes);
  if (mediaType === undefined) throw invalid(`${name}: not a PNG or JPEG file`, 'UNREADABLE_IMAGE');
  let width: number;
  let height: number;
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    width = meta.width ?? 0;
    height = meta.height ?? 0;
  } catch (error) {
    throw invalid(`${name}: not a readable ${mediaType.slice(6).toUpperCase()}: ${reason(error)}`, 'UNREADABLE_IMAGE');
  }
  if (!(width > 0 && height > 0)) throw invalid(`${name}: the image has no pixels`, 'UNREADABLE_IMAGE');
  if (width * height > maxPixels) {
    throw invalid(
      `${name}: ${width}×${height} is ${width * height} pixels, over the limit of ${maxPixels} pixels per image`,
      'LIMIT',
    );
  }
  let thumbnail: Uint8Array;
  try {
    thumbnail = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' })
      .resize(256, 256, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
  } catch (error) {
    throw invalid(`${name}: not a readable ${mediaType.slice(6).toUpperCase()}: ${reason(error)}`, 'UNREADABLE_IMAGE');
  }
  return { width, height, mediaType, thumbnail };
}

function reason(error: unknown): string {
  const line = ((error as Error).message ?? String(error)).split('\n')[0];
  return line.replace(/^Input (buffer|file) (has )?/, '').replace(/[:\s]+$/, '');
}
