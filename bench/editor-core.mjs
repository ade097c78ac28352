/**
 * The headless editor core at the scale: a 4096 × 3072 image with 300 instances, then 200
 * seeded brush strokes (pointer events 1-4 pixels apart, as a mouse drag sends them), each undone
 * and redone. Prints time per pointer event and per stroke, undo/redo time, the memory the strokes
 * add and the history's bytes, for an instance project (tiled masks) and a panoptic one (label map).
 * Run after `npm run build` (or `npx tsc -b`) with the GC exposed:
 *   node --expose-gc bench/editor-core.mjs [instance|panoptic]
 * Timing is kept apart from the checksum (the saved document's length) printed at the end.
 * Node's heap is not Chrome's, and typed arrays live outside the V8 heap (`arrayBuffers`): both are
 * printed, and their sum is the figure to hold against the 500 MB.
 */
import { performance } from 'node:perf_hooks';
import { Editor, EditorDocument } from '../packages/editor/dist/index.js';
import { mulberry32 } from './lib/random.mjs';

const WIDTH = 4096;
const HEIGHT = 3072;
const INSTANCES = 300;
const STROKES = 200;
const CLASSES = [
  { id: 1, name: 'road' },
  { id: 2, name: 'car', isThing: true },
  { id: 3, name: 'person', isThing: true },
];

const gc = globalThis.gc ?? (() => {});
const mib = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;
const memory = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, total: m.heapUsed + m.arrayBuffers };
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};
const ms = (x) => `${x.toFixed(2)} ms`;

function run(mode) {
  const random = mulberry32(4096);
  const base = memory();
  const document = EditorDocument.create({ mode, width: WIDTH, height: HEIGHT, classes: CLASSES });
  const editor = new Editor({ document, classId: 2 });

  // 300 instances: each a short fat stroke (a blob 40-240 px across) of its own.
  let start = performance.now();
  for (let i = 0; i < INSTANCES; i++) {
    editor.newInstance();
    editor.setClass(random() < 0.5 ? 2 : 3);
    editor.setBrushSize(40 + Math.floor(random() * 120));
    let x = random() * WIDTH;
    let y = random() * HEIGHT;
    editor.pointerDown(x, y);
    for (let k = 0; k < 10; k++) {
      x += (random() - 0.5) * 16;
      y += (random() - 0.5) * 16;
      editor.pointerMove(x, y);
    }
    editor.pointerUp(x, y);
  }
  const setupSeconds = (performance.now() - start) / 1000;
  document.history.clear();
  const before = memory();

  // 200 strokes of 150 events each, 1-4 px apart, brush 5-60 px, round or square; every fourth a new instance.
  const eventTimes = [];
  const strokeTimes = [];
  for (let s = 0; s < STROKES; s++) {
    if (s % 4 === 0) editor.newInstance();
    editor.setBrushSize(5 + Math.floor(random() * 56));
    editor.setBrushShape(random() < 0.7 ? 'round' : 'square');
    let x = 100 + random() * (WIDTH - 200);
    let y = 100 + random() * (HEIGHT - 200);
    let angle = random() * 2 * Math.PI;
    const strokeStart = performance.now();
    let t = performance.now();
    editor.pointerDown(x, y);
    eventTimes.push(performance.now() - t);
    for (let k = 0; k < 150; k++) {
      angle += (random() - 0.5) * 0.4;
      const step = 1 + random() * 3;
      x += Math.cos(angle) * step;
      y += Math.sin(angle) * step;
      t = performance.now();
      editor.pointerMove(x, y);
      eventTimes.push(performance.now() - t);
    }
    t = performance.now();
    editor.pointerUp(x, y);
    eventTimes.push(performance.now() - t);
    strokeTimes.push(performance.now() - strokeStart);
  }
  const after = memory();
  const historyBytes = document.history.byteSize;
  const steps = document.history.undoCount;

  const undoTimes = [];
  for (let s = 0; s < steps; s++) {
    start = performance.now();
    editor.undo();
    undoTimes.push(performance.now() - start);
  }
  const redoTimes = [];
  for (let s = 0; s < steps; s++) {
    start = performance.now();
    editor.redo();
    redoTimes.push(performance.now() - start);
  }

  start = performance.now();
  const segments = document.toSegments();
  const saveSeconds = (performance.now() - start) / 1000;
  // An autosave after one more stroke: instance projects encode only the instances that changed.
  editor.setBrushSize(20);
  editor.pointerDown(500.5, 500.5);
  editor.pointerMove(600.5, 540.5);
  editor.pointerUp(600.5, 540.5);
  start = performance.now();
  document.toSegments();
  const resaveSeconds = (performance.now() - start) / 1000;
  start = performance.now();
  const loaded = EditorDocument.fromSegments(segments, { mode, width: WIDTH, height: HEIGHT, classes: CLASSES });
  const loadSeconds = (performance.now() - start) / 1000;

  console.log(`\n${mode}: ${WIDTH} × ${HEIGHT}, ${INSTANCES} instances, ${STROKES} strokes (${steps} undo steps)`);
  console.log(`  setup (300 instance strokes)        ${setupSeconds.toFixed(2)} s`);
  console.log(
    `  pointer event                       p50 ${ms(percentile(eventTimes, 0.5))}  p95 ${ms(percentile(eventTimes, 0.95))}  max ${ms(Math.max(...eventTimes))}`,
  );
  console.log(
    `  stroke (152 events + commit)        p50 ${ms(percentile(strokeTimes, 0.5))}  p95 ${ms(percentile(strokeTimes, 0.95))}`,
  );
  console.log(
    `  undo                                p50 ${ms(percentile(undoTimes, 0.5))}  p95 ${ms(percentile(undoTimes, 0.95))}  max ${ms(Math.max(...undoTimes))}`,
  );
  console.log(
    `  redo                                p50 ${ms(percentile(redoTimes, 0.5))}  p95 ${ms(percentile(redoTimes, 0.95))}  max ${ms(Math.max(...redoTimes))}`,
  );
  console.log(`  history after ${steps} strokes          ${mib(historyBytes)}`);
  console.log(
    `  memory with 300 instances           heap ${mib(before.heap - base.heap)} + typed arrays ${mib(before.buffers - base.buffers)} = ${mib(before.total - base.total)} (document pixels ${mib(document.byteSize)})`,
  );
  console.log(
    `  growth over the 200 strokes         heap ${mib(after.heap - before.heap)} + typed arrays ${mib(after.buffers - before.buffers)} = ${mib(after.total - before.total)}`,
  );
  console.log(
    `  toSegments (save) ${saveSeconds.toFixed(2)} s, again after one stroke ${(resaveSeconds * 1000).toFixed(0)} ms; fromSegments (load) ${loadSeconds.toFixed(2)} s`,
  );
  console.log(
    `  checksum: ${segments.length} segments, ${segments.reduce((n, s) => n + s.segmentation.counts.length, 0)} characters, reload equal: ${loaded.toSegments().length === segments.length}`,
  );
}

const modes = process.argv[2] ? [process.argv[2]] : ['instance', 'panoptic'];
for (const mode of modes) run(mode);
