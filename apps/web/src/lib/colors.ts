/**
 * Class colours: `#rrggbb` strings as the taxonomy stores them, and the packed RGBA words the overlay
 * writes into ImageData (little-endian: R is the low byte, so `0xAABBGGRR`).
 */

/** A colour for the `index`-th class of a taxonomy that brings none: hues a golden angle apart. */
export function defaultColor(index: number): string {
  const hue = (index * 137.508) % 360;
  return hslToHex(hue, 0.65, 0.5);
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const value = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(255 * value);
  };
  return rgbToHex([channel(0), channel(8), channel(4)]);
}

export function rgbToHex(rgb: readonly [number, number, number] | readonly number[]): string {
  return `#${rgb
    .slice(0, 3)
    .map((v) =>
      Math.max(0, Math.min(255, Math.round(v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** `#rrggbb` → [r, g, b]; undefined when it is not one. */
export function hexToRgb(hex: string): [number, number, number] | undefined {
  const match = /^#([0-9a-fA-F]{6})$/.exec(hex);
  if (match === null) return undefined;
  const value = Number.parseInt(match[1], 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** An opaque `#rrggbb` as the 32-bit word a Uint32Array view of RGBA bytes holds on little-endian hosts. */
export function packRgba(hex: string): number {
  const [r, g, b] = hexToRgb(hex) ?? [255, 0, 255];
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}
