import { mulberry32 } from '@segkit/core';

/**
 * A synthetic street scene, drawn deterministically from a seed: sky, buildings, road, cars and
 * people, with the label of every pixel known exactly (a class id and an instance number). The demo
 * project's images, pre-labels and gold come from it; nothing is downloaded.
 */
export const DEMO_CLASSES = [
  { id: 0, name: 'road', color: '#804080', isthing: false },
  { id: 1, name: 'sky', color: '#4682b4', isthing: false },
  { id: 2, name: 'building', color: '#464646', isthing: false },
  { id: 3, name: 'car', color: '#00008e', isthing: true },
  { id: 4, name: 'person', color: '#dc143c', isthing: true },
];

export interface Scene {
  width: number;
  height: number;
  /** Row-major RGB. */
  rgb: Uint8Array;
  /** Row-major class id per pixel. */
  classes: Uint8Array;
  /** Row-major instance number per pixel (0 for stuff). */
  instances: Uint16Array;
}

export function drawScene(seed: number, width = 320, height = 240): Scene {
  const random = mulberry32(seed);
  const rgb = new Uint8Array(width * height * 3);
  const classes = new Uint8Array(width * height);
  const instances = new Uint16Array(width * height);
  const horizon = Math.round(height * (0.45 + 0.1 * random()));
  const paint = (
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    cls: number,
    instance: number,
    color: number[],
    inside?: (x: number, y: number) => boolean,
  ) => {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, Math.ceil(y1)); y++) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(width, Math.ceil(x1)); x++) {
        if (inside !== undefined && !inside(x, y)) continue;
        const i = y * width + x;
        classes[i] = cls;
        instances[i] = instance;
        const shade = ((x * 7 + y * 13) % 9) - 4; // a little texture, so the images are not flat
        rgb[3 * i] = clamp(color[0] + shade);
        rgb[3 * i + 1] = clamp(color[1] + shade);
        rgb[3 * i + 2] = clamp(color[2] + shade);
      }
    }
  };
  paint(0, 0, width, horizon, 1, 0, [135, 180, 230]);
  paint(0, horizon, width, height, 0, 0, [90, 85, 95]);
  for (let x = 0; x < width; ) {
    const w = 30 + Math.floor(random() * 60);
    const top = horizon - 30 - Math.floor(random() * (horizon - 40));
    const grey = 70 + Math.floor(random() * 60);
    paint(x, top, x + w, horizon, 2, 0, [grey, grey - 5, grey - 10]);
    x += w + Math.floor(random() * 20);
  }
  let instance = 0;
  const cars = 1 + Math.floor(random() * 4);
  for (let k = 0; k < cars; k++) {
    const w = 50 + Math.floor(random() * 40);
    const h = Math.round(w * 0.45);
    const x = Math.floor(random() * (width - w));
    const y = horizon + Math.floor(random() * Math.max(1, height - horizon - h));
    const color = [Math.floor(random() * 200), Math.floor(random() * 200), Math.floor(random() * 200)];
    // A body with rounded front corners: a polygon-like shape, so a 20-vertex polygon is a fair question.
    paint(x, y, x + w, y + h, 3, ++instance, color, (px, py) => {
      const cornerX = Math.min(px - x, x + w - 1 - px);
      const cornerY = py - y;
      return cornerX + cornerY >= 6;
    });
  }
  const people = Math.floor(random() * 4);
  for (let k = 0; k < people; k++) {
    const h = 30 + Math.floor(random() * 25);
    const w = Math.round(h * 0.35);
    const x = Math.floor(random() * (width - w));
    const y = horizon - Math.round(h * 0.6) + Math.floor(random() * (height - horizon));
    const cx = x + w / 2;
    paint(x, y, x + w, y + h, 4, ++instance, [200, 60, 70], (px, py) => {
      const head = py < y + w ? (px - cx) ** 2 + (py - (y + w / 2)) ** 2 <= (w / 2) ** 2 : true;
      return head && Math.abs(px + 0.5 - cx) <= w / 2;
    });
  }
  return { width, height, rgb, classes, instances };
}

function clamp(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value;
}
