/**
 * Picks the backend. 'auto' takes WebGL2 on a GPU, and the exact Canvas 2D fallback where the browser
 * has no WebGL2 or runs it on the CPU (SwiftShader, llvmpipe): there the fallback's one pass over the
 * visible device pixels is several times faster than a software rasterizer running the shader
 * (bench/editor-render.mjs prints both). A canvas keeps the first kind of context it gives, so the
 * probe uses a canvas of its own.
 */
import { SegkitError } from '@segkit/core';
import { createCanvas2dRenderer } from './canvas2d-renderer.js';
import { createGlRenderer } from './gl-renderer.js';
import type { Renderer, RendererBackend } from './renderer-interface.js';

export type BackendChoice = RendererBackend | 'auto';

/** Renderer names of WebGL implementations that rasterize on the CPU. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

let software: boolean | undefined;

/** Whether this browser's WebGL2 runs on the CPU (false when it has none: createGlRenderer says so). */
export function softwareWebgl2(): boolean {
  if (software !== undefined) return software;
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  software = SOFTWARE.test(name);
  return software;
}

export function createRenderer(canvas: HTMLCanvasElement, backend: BackendChoice = 'auto'): Renderer {
  if (backend === 'webgl2' || (backend === 'auto' && !softwareWebgl2())) {
    const gl = createGlRenderer(canvas);
    if (gl !== null) return gl;
    if (backend === 'webgl2') throw noContext('WebGL2');
  }
  const fallback = createCanvas2dRenderer(canvas);
  if (fallback === null) throw noContext('2D');
  return fallback;
}

function noContext(kind: string): SegkitError {
  return new SegkitError('UNSUPPORTED', `the canvas gives no ${kind} context`);
}
