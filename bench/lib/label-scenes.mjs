/**
 * Seeded label maps that look like real ones, for the PNG and eval benchmarks: a scene is a list of
 * shapes painted in order, and a "prediction" is the same scene painted again with every shape moved,
 * resized, sometimes dropped, relabelled or joined by a false one, so the two differ along region
 * boundaries as a model's output does.
 *
 * - Street scenes (CamVid's 11 classes, 11 = void): sky above a skyline of buildings, road and
 *   sidewalks below the horizon, trees, poles, signs, fences, cars, pedestrians and cyclists, void
 *   blobs and a car-hood strip in the ground truth only.
 * - Panoptic scenes: three bands of stuff with wavy borders, 4-20 things (5% crowd), void blobs;
 *   segment ids are random 24-bit colours, as panopticapi's converters make them.
 */

const clamp = (v, lo, hi) => (v < lo ? lo : v > hi ? hi : v);

/** Paints an ellipse or a box of `value` into a row-major map (`set(i, value)` for non-byte maps). */
function paint(map, width, height, shape, value) {
  const { cx, cy, rx, ry, ellipse } = shape;
  const y0 = clamp(Math.floor(cy - ry), 0, height - 1);
  const y1 = clamp(Math.ceil(cy + ry), 0, height - 1);
  for (let y = y0; y <= y1; y++) {
    const dy = (y + 0.5 - cy) / ry;
    const half = ellipse ? (dy * dy <= 1 ? rx * Math.sqrt(1 - dy * dy) : -1) : rx;
    if (half < 0) continue;
    const x0 = clamp(Math.round(cx - half), 0, width);
    const x1 = clamp(Math.round(cx + half), 0, width);
    map.fill(value, y * width + x0, y * width + x1);
  }
}

function jitterShape(random, shape, move, scale) {
  return {
    ...shape,
    cx: shape.cx + (random() - 0.5) * 2 * move,
    cy: shape.cy + (random() - 0.5) * 2 * move,
    rx: shape.rx * (1 + (random() - 0.5) * 2 * scale),
    ry: shape.ry * (1 + (random() - 0.5) * 2 * scale),
  };
}

// ---- street scenes (semantic) ----

const SKY = 0;
const BUILDING = 1;
const POLE = 2;
const ROAD = 3;
const SIDEWALK = 4;
const TREE = 5;
const SIGN = 6;
const FENCE = 7;
const CAR = 8;
const PEDESTRIAN = 9;
const BICYCLIST = 10;
const VOID = 11;

/** A street scene: its layout and shapes (not yet painted). */
export function streetScene(random, width, height) {
  const horizon = height * (0.38 + 0.12 * random());
  const skyline = [];
  for (let x = 0; x < width; ) {
    const w = 40 + Math.floor(random() * 160);
    skyline.push({ x, w, top: horizon * (0.15 + 0.7 * random()) });
    x += w;
  }
  const vanish = width * (0.35 + 0.3 * random());
  const shapes = [];
  const add = (label, cx, cy, rx, ry, ellipse) => shapes.push({ label, cx, cy, rx, ry, ellipse });
  for (let i = 0, n = 3 + Math.floor(random() * 8); i < n; i++)
    add(TREE, random() * width, horizon * (0.6 + 0.5 * random()), 30 + random() * 90, 40 + random() * 90, true);
  add(FENCE, random() * width, horizon + 20, 60 + random() * 200, 12 + random() * 10, false);
  for (let i = 0, n = 3 + Math.floor(random() * 8); i < n; i++) {
    const x = random() * width;
    add(POLE, x, horizon * 0.8, 2 + random() * 3, horizon * (0.3 + 0.4 * random()), false);
    if (random() < 0.5) add(SIGN, x, horizon * 0.55, 8 + random() * 10, 8 + random() * 10, false);
  }
  for (let i = 0, n = 2 + Math.floor(random() * 10); i < n; i++) {
    const depth = random();
    const y = horizon + 20 + depth * (height - horizon) * 0.6;
    add(CAR, random() * width, y, 40 + depth * 140, 20 + depth * 60, random() < 0.3);
  }
  for (let i = 0, n = Math.floor(random() * 12); i < n; i++)
    add(
      random() < 0.8 ? PEDESTRIAN : BICYCLIST,
      random() * width,
      horizon + random() * 80,
      6 + random() * 10,
      25 + random() * 35,
      true,
    );
  const voids = [];
  for (let i = 0, n = 2 + Math.floor(random() * 5); i < n; i++)
    voids.push({
      label: VOID,
      cx: random() * width,
      cy: random() * height,
      rx: 5 + random() * 30,
      ry: 5 + random() * 30,
      ellipse: true,
    });
  const hood = random() < 0.5 ? 15 + random() * 30 : 0;
  return { width, height, horizon, skyline, vanish, shapes, voids, hood };
}

/** The same scene as a model might predict it. */
export function predictedStreetScene(random, scene) {
  const shapes = [];
  for (const shape of scene.shapes) {
    if (random() < 0.08) continue;
    const moved = jitterShape(random, shape, 6, 0.1);
    if (random() < 0.05) moved.label = Math.floor(random() * 11);
    shapes.push(moved);
  }
  for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++) {
    shapes.push({
      label: Math.floor(random() * 11),
      cx: random() * scene.width,
      cy: random() * scene.height,
      rx: 5 + random() * 40,
      ry: 5 + random() * 40,
      ellipse: true,
    });
  }
  return {
    ...scene,
    horizon: scene.horizon + (random() - 0.5) * 10,
    skyline: scene.skyline.map((b) => ({ ...b, top: b.top + (random() - 0.5) * 16 })),
    vanish: scene.vanish + (random() - 0.5) * 20,
    shapes,
    voids: [],
    hood: 0,
  };
}

/** Paints a street scene: a width × height class-index map. */
export function paintStreet(scene) {
  const { width, height, horizon, skyline, vanish } = scene;
  const map = new Uint8Array(width * height);
  for (const b of skyline) {
    for (let y = 0; y < horizon && y < height; y++) {
      const value = y < b.top ? SKY : BUILDING;
      const end = Math.min(b.x + b.w, width);
      map.fill(value, y * width + b.x, y * width + end);
    }
  }
  for (let y = Math.ceil(horizon); y < height; y++) {
    // Road between two lines from the vanishing point; sidewalks outside.
    const t = (y - horizon) / (height - horizon);
    const left = clamp(Math.round(vanish - t * width * 0.9), 0, width);
    const right = clamp(Math.round(vanish + t * width * 0.9), 0, width);
    map.fill(SIDEWALK, y * width, y * width + width);
    map.fill(ROAD, y * width + left, y * width + right);
  }
  for (const shape of scene.shapes) paint(map, width, height, shape, shape.label);
  for (const shape of scene.voids) paint(map, width, height, shape, VOID);
  if (scene.hood > 0) map.fill(VOID, (height - Math.round(scene.hood)) * width);
  return map;
}

// ---- panoptic scenes ----

/** Categories: 80 things (ids 1-80) and 53 stuff (ids 81-133), as COCO panoptic's 133. */
export function panopticCategories() {
  return Array.from({ length: 133 }, (_, i) => ({
    id: i + 1,
    name: i < 80 ? `thing${i + 1}` : `stuff${i + 1}`,
    supercategory: i < 80 ? 'thing' : 'stuff',
    isthing: i < 80 ? 1 : 0,
  }));
}

/** A panoptic scene: stuff bands and things, each shape a segment with its category. */
export function panopticScene(random, width, height) {
  const bands = [];
  let top = 0;
  for (let b = 0; b < 3; b++) {
    bands.push({
      category: 81 + Math.floor(random() * 53),
      top,
      amplitude: 5 + random() * 25,
      period: 80 + random() * 300,
      phase: random() * 6.3,
    });
    top += height * (0.2 + 0.2 * random());
  }
  const things = [];
  for (let i = 0, n = 4 + Math.floor(random() * 17); i < n; i++) {
    things.push({
      category: 1 + Math.floor(random() * 80),
      crowd: random() < 0.05,
      cx: random() * width,
      cy: height * (0.2 + 0.8 * random()),
      rx: 10 + random() * 90,
      ry: 10 + random() * 110,
      ellipse: random() < 0.6,
    });
  }
  const voids = [];
  for (let i = 0, n = 1 + Math.floor(random() * 4); i < n; i++)
    voids.push({
      cx: random() * width,
      cy: random() * height,
      rx: 5 + random() * 25,
      ry: 5 + random() * 25,
      ellipse: true,
    });
  return { width, height, bands, things, voids };
}

export function predictedPanopticScene(random, scene) {
  const things = [];
  for (const thing of scene.things) {
    if (random() < 0.1) continue;
    const moved = jitterShape(random, thing, 5, 0.12);
    moved.crowd = false;
    if (random() < 0.05) moved.category = 1 + Math.floor(random() * 80);
    things.push(moved);
  }
  for (let i = 0, n = 1 + Math.floor(random() * 3); i < n; i++) {
    things.push({
      category: 1 + Math.floor(random() * 80),
      crowd: false,
      cx: random() * scene.width,
      cy: random() * scene.height,
      rx: 8 + random() * 40,
      ry: 8 + random() * 40,
      ellipse: true,
    });
  }
  const bands = scene.bands.map((b, i) => ({
    ...b,
    top: i === 0 ? 0 : b.top + (random() - 0.5) * 16,
    phase: b.phase + (random() - 0.5) * 0.4,
  }));
  return { ...scene, bands, things, voids: [] };
}

/**
 * Paints a panoptic scene into RGB bytes and its segments_info (ids random, distinct, non-zero;
 * areas and boxes counted from the pixels; segments left without pixels dropped).
 */
export function paintPanoptic(random, scene) {
  const { width, height } = scene;
  const index = new Uint16Array(width * height); // 0 void, then 1 + segment number
  const segments = [];
  for (const band of scene.bands) {
    segments.push({ category_id: band.category, iscrowd: 0 });
    const value = segments.length;
    for (let x = 0; x < width; x++) {
      const y0 = clamp(Math.round(band.top + band.amplitude * Math.sin(x / band.period + band.phase)), 0, height);
      for (let y = y0; y < height; y++) index[y * width + x] = value;
    }
  }
  for (const thing of scene.things) {
    segments.push({ category_id: thing.category, iscrowd: thing.crowd ? 1 : 0 });
    paint(index, width, height, thing, segments.length);
  }
  for (const shape of scene.voids) paint(index, width, height, shape, 0);

  const used = new Set([0]);
  const ids = segments.map(() => {
    let id = 0;
    while (used.has(id)) id = 1 + Math.floor(random() * 0xfffffe);
    used.add(id);
    return id;
  });
  const area = new Float64Array(segments.length + 1);
  const box = segments.map(() => [width, height, -1, -1]);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const s = index[i];
      if (s === 0) continue;
      area[s]++;
      const b = box[s - 1];
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
      const id = ids[s - 1];
      rgb[3 * i] = id & 255;
      rgb[3 * i + 1] = (id >> 8) & 255;
      rgb[3 * i + 2] = id >> 16;
    }
  }
  const info = [];
  segments.forEach((segment, s) => {
    if (area[s + 1] === 0) return;
    const [x0, y0, x1, y1] = box[s];
    info.push({ id: ids[s], ...segment, area: area[s + 1], bbox: [x0, y0, x1 - x0 + 1, y1 - y0 + 1] });
  });
  return { rgb, segments: info };
}
