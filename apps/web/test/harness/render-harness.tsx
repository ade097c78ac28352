/**
 * The page the render tests and benchmark drive (bundled by harness.ts into one script): builds a scene
 * from a SceneSpec, hands it to a renderer (or to EditorCanvas) and exposes `globalThis.renderHarness`.
 */
import { isSegkitError, mulberry32 } from '@segkit/core';
import { createRoot, type Root } from 'react-dom/client';
import { EditorCanvas, type ImagePointer } from '../../src/editor/EditorCanvas.js';
import { visibleRect } from '../../src/editor/render/camera.js';
import { createRenderer } from '../../src/editor/render/renderer.js';
import type { Renderer, RenderImageSource } from '../../src/editor/render/renderer-interface.js';
import type { Camera, LabelSource, Rect } from '../../src/editor/render/types.js';
import type { FootprintSpec, HarnessApi, SceneSpec } from './api.js';
import { blobScene, hashIds, patternImage, randomPalette } from './scene.js';

let renderer: Renderer | null = null;
let canvas: HTMLCanvasElement | null = null;
let labels: LabelSource = { width: 0, height: 0, view: new Uint32Array(0) };
let camera: Camera = { zoom: 1, x: 0, y: 0 };
let root: Root | null = null;
let cssSize = { width: 0, height: 0 };
let log: Array<{ kind: string; points: Array<{ x: number; y: number }> }> = [];

function paletteOf(spec: SceneSpec['palette']): Uint8Array {
  return Array.isArray(spec) ? Uint8Array.from(spec) : randomPalette(spec.count, spec.seed);
}

function labelsOf(spec: SceneSpec): LabelSource {
  const { width, height } = spec;
  const l = spec.labels;
  const view =
    l.kind === 'ids'
      ? Uint32Array.from(l.ids)
      : l.kind === 'blobs'
        ? blobScene(width, height, l.count, l.seed)
        : new Uint32Array(width * height);
  return { width, height, view };
}

async function imageOf(spec: SceneSpec): Promise<RenderImageSource> {
  const { width, height } = spec;
  let rgba: Uint8ClampedArray<ArrayBuffer>;
  if (spec.image.kind === 'pattern') rgba = patternImage(width, height);
  else {
    rgba = new Uint8ClampedArray(width * height * 4);
    const [r, g, b] = spec.image.rgb;
    for (let o = 0; o < rgba.length; o += 4) {
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = 255;
    }
  }
  const data = new ImageData(rgba, width, height);
  if (spec.imageAs === 'imagedata') return data;
  return createImageBitmap(data, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
}

function reset(): void {
  root?.unmount();
  root = null;
  renderer?.dispose();
  renderer = null;
  canvas?.remove();
  canvas = null;
  document.body.replaceChildren();
  document.body.style.margin = '0';
  log = [];
}

/** Waits for the GPU to finish the frame (a 1-pixel read-back), so timings include the drawing. */
function sync(): void {
  if (renderer?.backend !== 'webgl2' || canvas === null) return;
  const gl = canvas.getContext('webgl2');
  gl?.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
}

function need(): Renderer {
  if (renderer === null) throw new Error('no renderer: call create first');
  return renderer;
}

function describe(error: unknown): string {
  if (isSegkitError(error)) return `SegkitError ${error.code}: ${error.message}`;
  return `${(error as Error).name}: ${(error as Error).message}`;
}

const api: HarnessApi = {
  async create(spec, cam) {
    reset();
    canvas = document.createElement('canvas');
    canvas.style.cssText = `position:absolute;left:0;top:0;width:${spec.cssWidth}px;height:${spec.cssHeight}px`;
    document.body.append(canvas);
    const image = await imageOf(spec);
    labels = labelsOf(spec);
    const palette = paletteOf(spec.palette);
    const start = performance.now();
    const r = createRenderer(canvas, spec.backend);
    renderer = r;
    r.resize(spec.cssWidth, spec.cssHeight, spec.dpr ?? 1);
    cssSize = { width: spec.cssWidth, height: spec.cssHeight };
    r.setImage(image);
    if (spec.labels.kind !== 'none') r.setLabels(labels);
    r.setPalette(palette);
    if (spec.style !== undefined) r.setStyle(spec.style);
    camera = cam;
    r.render(camera);
    sync();
    return { backend: r.backend, ms: performance.now() - start, canvasWidth: canvas.width };
  },
  render(cam) {
    camera = cam;
    need().render(cam);
  },
  screen() {
    const s = need().readScreen();
    return { width: s.width, height: s.height, data: Array.from(s.data) };
  },
  labels(rect) {
    return Array.from(need().readLabels(rect));
  },
  labelsCheck(rect) {
    const read = need().readLabels(rect);
    let mismatches = 0;
    for (let j = 0; j < rect.height; j++) {
      for (let i = 0; i < rect.width; i++) {
        if (read[j * rect.width + i] !== labels.view[(rect.y + j) * labels.width + rect.x + i]) mismatches++;
      }
    }
    return { hash: hashIds(read), mismatches };
  },
  paint(rect, id, notify) {
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      labels.view.fill(id, y * labels.width + rect.x, y * labels.width + rect.x + rect.width);
    }
    if (notify) need().update(rect);
  },
  update(rect) {
    need().update(rect);
  },
  setStyle(style) {
    need().setStyle(style);
  },
  setPalette(rgba) {
    need().setPalette(Uint8Array.from(rgba));
  },
  setFootprint(fp: FootprintSpec | null) {
    need().setFootprint(fp === null ? null : { ...fp, mask: Uint8Array.from(fp.mask) });
  },
  rejects(what) {
    const r = need();
    try {
      if (what === 'readOutside') r.readLabels({ x: labels.width - 1, y: 0, width: 2, height: 1 });
      else if (what === 'paletteBytes') r.setPalette(new Uint8Array(6));
      else if (what === 'footprintMask') r.setFootprint({ x: 0, y: 0, width: 2, height: 2, mask: new Uint8Array(3) });
      else
        r.setLabels({
          width: labels.width + 1,
          height: labels.height,
          view: new Uint32Array((labels.width + 1) * labels.height),
        });
      return null;
    } catch (error) {
      return describe(error);
    }
  },
  async loseAndRestoreContext() {
    const gl = renderer?.backend === 'webgl2' ? canvas?.getContext('webgl2') : null;
    const lose = gl?.getExtension('WEBGL_lose_context');
    if (canvas === null || lose === null || lose === undefined) return false;
    const target = canvas;
    const event = (name: string) => new Promise((resolve) => target.addEventListener(name, resolve, { once: true }));
    const lost = event('webglcontextlost');
    lose.loseContext();
    await lost;
    // Restoring is allowed once the lost event's dispatch (and its preventDefault) has finished.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const restored = event('webglcontextrestored');
    lose.restoreContext();
    await restored;
    return true;
  },
  async mountEditor(spec, cam) {
    reset();
    const host = document.createElement('div');
    host.style.cssText = `position:absolute;left:0;top:0;width:${spec.cssWidth}px;height:${spec.cssHeight}px`;
    document.body.append(host);
    const image = await imageOf(spec);
    labels = labelsOf(spec);
    const palette = paletteOf(spec.palette);
    const onImagePointer = (pointer: ImagePointer) => {
      log.push({ kind: pointer.kind, points: pointer.points });
    };
    root = createRoot(host);
    root.render(
      <EditorCanvas
        image={image}
        labels={labels}
        palette={palette}
        style={spec.style}
        initialCamera={cam}
        backend={spec.backend}
        onImagePointer={onImagePointer}
        className="editor"
      />,
    );
    // Two animation frames: React commits, then EditorCanvas draws.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  },
  pointerLog() {
    return log;
  },
  timeDirtyRects(size, runs, seed, cam) {
    const r = need();
    const random = mulberry32(seed);
    const samples: number[] = [];
    const view = visibleRect(cam, cssSize.width, cssSize.height, labels.width, labels.height);
    r.render(cam);
    for (let run = 0; run < runs; run++) {
      // Somewhere in view, as a brush stroke is.
      const rect: Rect = {
        x: view.x + Math.floor(random() * Math.max(1, view.width - size)),
        y: view.y + Math.floor(random() * Math.max(1, view.height - size)),
        width: size,
        height: size,
      };
      api.paint(rect, 1 + (run % 300), false);
      const start = performance.now();
      r.update(rect);
      r.render(cam);
      sync();
      samples.push(performance.now() - start);
    }
    return { samples };
  },
  timePanZoom(frames) {
    const r = need();
    const samples: number[] = [];
    for (let f = 0; f < frames; f++) {
      // Pans across the image while the zoom sweeps 0.25 .. 4.
      const zoom = 2 ** (2 * Math.sin((f / frames) * Math.PI * 2));
      const cam = { zoom, x: (f * 37) % Math.max(1, labels.width - 64), y: (f * 23) % Math.max(1, labels.height - 64) };
      const start = performance.now();
      r.render(cam);
      sync();
      samples.push(performance.now() - start);
    }
    return { samples };
  },
};

(globalThis as unknown as { renderHarness: HarnessApi }).renderHarness = api;
