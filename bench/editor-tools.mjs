/**
 * The editor's image tools at the scale (4096 × 3072, semantic project): the magic wand on
 * a region of most of the image and on a small one, the edge-following lasso (its edge costs on the
 * first click, a live preview per pointer move, a click 3000 pixels away that re-seeds past the
 * 1024-pixel window) and the polygon's live vertex drag (Alt + drag: the grab reopens the polygon's
 * undo step, each pointer move re-rasterizes the polygon and writes the pixels that change, the
 * release closes the step). Run after `npx tsc -b`:
 *   node --expose-gc bench/editor-tools.mjs
 * The image is seeded (mulberry32): a noisy light background (±3 grey levels) with 60 dark
 * rectangles. Medians of repeated runs; checksums (painted pixels) printed apart from the timings.
 */
import { performance } from 'node:perf_hooks';
import { Editor, EditorDocument } from '../packages/editor/dist/index.js';
import { mulberry32 } from './lib/random.mjs';

const WIDTH = 4096;
const HEIGHT = 3072;
const CLASSES = [
  { id: 1, name: 'background' },
  { id: 2, name: 'box' },
];

const random = mulberry32(2026);
const rgba = new Uint8Array(WIDTH * HEIGHT * 4);
for (let i = 0; i < WIDTH * HEIGHT; i++) {
  const v = 200 + Math.floor(random() * 7) - 3;
  rgba[4 * i] = v;
  rgba[4 * i + 1] = v;
  rgba[4 * i + 2] = v;
  rgba[4 * i + 3] = 255;
}
const boxes = [];
for (let b = 0; b < 60; b++) {
  const w = 40 + Math.floor(random() * 300);
  const h = 40 + Math.floor(random() * 300);
  const x0 = Math.floor(random() * (WIDTH - w));
  const y0 = Math.floor(random() * (HEIGHT - h));
  boxes.push([x0, y0, w, h]);
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) rgba.fill(30, 4 * (y * WIDTH + x), 4 * (y * WIDTH + x) + 3);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const painted = (doc) => doc.view.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0);
const checksums = [];

const document = EditorDocument.create({ mode: 'semantic', width: WIDTH, height: HEIGHT, classes: CLASSES });
const editor = new Editor({ document });
editor.setImage(rgba, WIDTH, HEIGHT);

// Magic wand: the background (most of the image) and one box.
editor.setTool('wand');
editor.wandTolerance = 8;
let bx = 0;
const by = 0;
while (boxes.some(([x, y, w, h]) => bx >= x && bx < x + w && by >= y && by < y + h)) bx += 7;
const wand = (x, y, runs) => {
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    editor.pointerDown(x + 0.5, y + 0.5);
    editor.pointerUp(x + 0.5, y + 0.5);
    times.push(performance.now() - t);
    checksums.push(painted(document));
    editor.undo();
  }
  return median(times);
};
const [sx, sy, sw, sh] = boxes[0];
console.log(`magic wand, background region (tolerance 8): ${ms(wand(bx, by, 5))}`);
console.log(`magic wand, one ${sw}×${sh} box: ${ms(wand(sx + (sw >> 1), sy + (sh >> 1), 5))}`);

// Lasso: the first click computes the edge costs; then previews and a far click.
editor.setTool('lasso');
let t = performance.now();
editor.pointerDown(sx + 0.5 - 1, sy + 0.5 - 1);
editor.pointerUp(sx + 0.5 - 1, sy + 0.5 - 1);
console.log(`lasso, first click (gradient reference + the cost blocks the seed needs): ${ms(performance.now() - t)}`);
const moves = [];
for (let k = 1; k <= 40; k++) {
  t = performance.now();
  editor.pointerMove(sx - 1 + ((k * 7) % 300) + 0.5, sy - 1 + ((k * 13) % 300) + 0.5);
  moves.push(performance.now() - t);
}
console.log(
  `lasso, live preview per pointer move within 300 px: median ${ms(median(moves))}, max ${ms(Math.max(...moves))}`,
);
t = performance.now();
editor.pointerDown(Math.min(WIDTH - 1, sx + 3000) + 0.5, sy + 0.5);
editor.pointerUp(Math.min(WIDTH - 1, sx + 3000) + 0.5, sy + 0.5);
console.log(`lasso, a click 3000 px away (re-seeding past the window): ${ms(performance.now() - t)}`);
checksums.push(editor.lassoPath.length);
editor.cancel();

// Polygon: a 20-vertex polygon ~2000 px across, then 10 vertex drags.
editor.setTool('polygon');
const vertices = [];
for (let k = 0; k < 20; k++) {
  vertices.push(2048 + 1000 * Math.cos((2 * Math.PI * k) / 20), 1536 + 1000 * Math.sin((2 * Math.PI * k) / 20));
}
for (let k = 0; k < vertices.length; k += 2) {
  editor.pointerDown(vertices[k], vertices[k + 1]);
  editor.pointerUp(vertices[k], vertices[k + 1]);
}
t = performance.now();
editor.keyDown('Enter');
console.log(`polygon, close (20 vertices, ~3.1 Mpixel): ${ms(performance.now() - t)}`);
// Ten Alt-drags of the first vertex, 20 pointer moves each, 2 px apart, out and back.
const grabs = [];
const dragMoves = [];
const releases = [];
for (let r = 0; r < 10; r++) {
  const [x, y] = editor.polygonVertices;
  const dx = r % 2 === 0 ? -2 : 2;
  t = performance.now();
  editor.pointerDown(x, y, { alt: true });
  grabs.push(performance.now() - t);
  for (let m = 1; m <= 20; m++) {
    t = performance.now();
    editor.pointerMove(x + dx * m, y + m / 2);
    dragMoves.push(performance.now() - t);
  }
  t = performance.now();
  editor.pointerUp(x + dx * 20, y + 10);
  releases.push(performance.now() - t);
}
const sorted = [...dragMoves].sort((a, b) => a - b);
console.log(
  `polygon, Alt-drag of a vertex: grab median ${ms(median(grabs))}, per pointer move median ${ms(median(dragMoves))}, p95 ${ms(sorted[Math.floor(0.95 * sorted.length)])}, max ${ms(sorted[sorted.length - 1])}, release median ${ms(median(releases))}`,
);
console.log(
  `  (${editor.getPath()}, ${document.history.undoCount} undo step, ${(document.history.byteSize / 1048576).toFixed(1)} MiB held)`,
);
checksums.push(painted(document));
console.log(`checksums: ${checksums.join(' ')}`);
