/**
 * Picks the backend: WebGL2 when the browser has it, else the exact Canvas 2D fallback. A canvas keeps
 * the first kind of context it gives, so a failed WebGL2 request leaves it free for 2D.
 */
import { SegkitError } from '@segkit/core';
import { createCanvas2dRenderer } from './canvas2d-renderer.js';
import { createGlRenderer } from './gl-renderer.js';
import type { Renderer, RendererBackend } from './renderer-interface.js';

export type BackendChoice = RendererBackend | 'auto';

export function createRenderer(canvas: HTMLCanvasElement, backend: BackendChoice = 'auto'): Renderer {
  if (backend !== '2d') {
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
