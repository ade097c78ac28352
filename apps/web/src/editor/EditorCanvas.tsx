/**
 * The editor's canvas: owns the `<canvas>` and its renderer (render/renderer.ts: WebGL2, or the exact
 * Canvas 2D fallback), and the camera. The element `[data-testid="editor-canvas"]` is the one that
 * receives pointer events; at zoom Z with offset (x, y), image pixel (px, py) covers CSS pixels
 * [(px - x)·Z, (px - x + 1)·Z) from its top-left corner (docs/editor.md), so it must have no border or
 * padding. It fills its parent (width and height 100%): the page sizes the parent.
 *
 * Camera: the wheel zooms around the pointer (up to 32×); space + drag, or a middle-button drag, pans.
 * Every other pointer event goes to `onImagePointer` in image coordinates, with each coalesced event.
 * Label changes arrive through `subscribe` as dirty rectangles: each is uploaded alone, at the next
 * animation frame, and the frame is drawn.
 *
 * Test hook: the element carries `segkitRender` ({ backend, camera(), frames(), readLabels(rect),
 * readScreen() }), so a browser test can read the label layer as the GPU holds it and compare it with
 * exported pixels; `data-frames` counts the frames drawn and `data-backend` names the backend.
 */
import {
  type ReactNode,
  type PointerEvent as ReactPointerEvent,
  type Ref,
  useCallback,
  useEffect,
  useImperativeHandle,
  useRef,
} from 'react';
import { cssToImage, fitCamera, type Point, panBy, wheelZoomFactor, zoomAt } from './render/camera.js';
import { type BackendChoice, createRenderer } from './render/renderer.js';
import type { Renderer, RendererBackend, RenderImageSource } from './render/renderer-interface.js';
import type { Camera, Footprint, LabelSource, Rect, RenderStyle, Screen } from './render/types.js';

export interface ImagePointer {
  kind: 'down' | 'move' | 'up' | 'cancel' | 'leave';
  /** The image points (fractional pixels) of the coalesced events, oldest first, this event's last. */
  points: Point[];
  button: number;
  buttons: number;
  pointerId: number;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

export interface EditorCanvasHandle {
  /** The renderer, once the canvas is mounted. */
  renderer(): Renderer | null;
  camera(): Camera;
  setCamera(camera: Camera): void;
  /** Uploads `rect` of the labels again (every pixel when omitted) and draws. */
  invalidate(rect?: Rect): void;
  /** Draws a frame (after a change made on the renderer directly, such as its footprint). */
  redraw(): void;
}

/** What the `segkitRender` property of `[data-testid="editor-canvas"]` offers tests. */
export interface EditorRenderHook {
  backend: RendererBackend;
  camera(): Camera;
  frames(): number;
  readLabels(rect: Rect): Uint32Array;
  readScreen(): Screen;
}

export interface EditorCanvasProps {
  image: RenderImageSource | null;
  labels: LabelSource | null;
  /** RGBA per segment id (render/palette.ts buildPalette). */
  palette: Uint8Array;
  style?: Partial<RenderStyle>;
  /** The cursor: the pixels the current tool would paint, outlined; null hides it. */
  footprint?: Footprint | null;
  /** The camera when the first image arrives; the whole image, centred, when omitted. */
  initialCamera?: Camera;
  onCameraChange?: (camera: Camera) => void;
  /** The core's change listener: called with a listener for dirty rectangles, returns an unsubscribe. */
  subscribe?: (listener: (rect: Rect) => void) => () => void;
  onImagePointer?: (pointer: ImagePointer) => void;
  /** After each frame drawn, with the count so far. */
  onFrame?: (frames: number) => void;
  backend?: BackendChoice;
  ref?: Ref<EditorCanvasHandle>;
  className?: string;
  children?: ReactNode;
}

/** More pending rectangles than this in one frame are merged into their bounding box. */
const MAX_PENDING_RECTS = 64;

/** Where space means something else: typing, or pressing a focused button. */
function isControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(target.tagName);
}

function boundingBox(rects: readonly Rect[]): Rect {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export function EditorCanvas(props: EditorCanvasProps) {
  const { image, labels, palette, style, footprint = null, subscribe, backend = 'auto', ref } = props;
  const host = useRef<HTMLDivElement>(null);
  const renderer = useRef<Renderer | null>(null);
  const camera = useRef<Camera | null>(props.initialCamera ?? null);
  const size = useRef({ width: 0, height: 0 });
  const pending = useRef<Rect[]>([]);
  const frame = useRef(0);
  const frames = useRef(0);
  const space = useRef(false);
  const pan = useRef<{ pointerId: number; x: number; y: number } | null>(null);
  // Callbacks read through a ref, so the listeners set up once always call the latest ones.
  const latest = useRef(props);
  latest.current = props;
  const uploaded = useRef<{ image: RenderImageSource | null; labels: LabelSource | null }>({
    image: null,
    labels: null,
  });

  const draw = useCallback(() => {
    frame.current = 0;
    const r = renderer.current;
    const cam = camera.current;
    if (r === null || cam === null) return;
    const rects = pending.current;
    pending.current = [];
    if (rects.length > MAX_PENDING_RECTS) r.update(boundingBox(rects));
    else for (const rect of rects) r.update(rect);
    r.render(cam);
    frames.current += 1;
    host.current?.setAttribute('data-frames', String(frames.current));
    latest.current.onFrame?.(frames.current);
  }, []);

  const requestFrame = useCallback(() => {
    if (frame.current === 0) frame.current = requestAnimationFrame(draw);
  }, [draw]);

  const setCamera = useCallback(
    (next: Camera) => {
      camera.current = { ...next };
      latest.current.onCameraChange?.(camera.current);
      requestFrame();
    },
    [requestFrame],
  );

  /** The camera the first image gets: the initial one, or the whole image fitted. */
  const ensureCamera = useCallback(() => {
    if (camera.current !== null || uploaded.current.image === null) return;
    const source = uploaded.current.image;
    const width = source instanceof HTMLImageElement ? source.naturalWidth : source.width;
    const height = source instanceof HTMLImageElement ? source.naturalHeight : source.height;
    setCamera(fitCamera(width, height, size.current.width, size.current.height));
  }, [setCamera]);

  // The canvas is made here, not in JSX: a canvas keeps its first context, and a remount (StrictMode,
  // a backend change) needs a fresh one.
  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const canvas = document.createElement('canvas');
    canvas.style.cssText = 'position:absolute;left:0;top:0;width:100%;height:100%;display:block';
    element.prepend(canvas);
    const r = createRenderer(canvas, backend);
    renderer.current = r;
    uploaded.current = { image: null, labels: null };
    element.setAttribute('data-backend', r.backend);
    const hook: EditorRenderHook = {
      backend: r.backend,
      camera: () => ({ ...(camera.current ?? { zoom: 1, x: 0, y: 0 }) }),
      frames: () => frames.current,
      readLabels: (rect) => r.readLabels(rect),
      readScreen: () => r.readScreen(),
    };
    Object.defineProperty(element, 'segkitRender', { value: hook, configurable: true });

    const resize = () => {
      const box = element.getBoundingClientRect();
      size.current = { width: box.width, height: box.height };
      r.resize(box.width, box.height, window.devicePixelRatio);
      ensureCamera();
      requestFrame();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(element);
    // devicePixelRatio changes (browser zoom, another screen) do not always resize the element.
    let ratio: MediaQueryList | undefined;
    const watchRatio = () => {
      ratio?.removeEventListener('change', onRatio);
      ratio = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
      ratio.addEventListener('change', onRatio);
    };
    const onRatio = () => {
      resize();
      watchRatio();
    };
    watchRatio();
    resize();
    return () => {
      observer.disconnect();
      ratio?.removeEventListener('change', onRatio);
      if (frame.current !== 0) cancelAnimationFrame(frame.current);
      frame.current = 0;
      r.dispose();
      renderer.current = null;
      canvas.remove();
    };
  }, [backend, ensureCamera, requestFrame]);

  useEffect(() => {
    const r = renderer.current;
    if (r === null) return;
    const done = uploaded.current;
    if (image !== null && image !== done.image) {
      r.setImage(image);
      done.image = image;
      done.labels = null;
      ensureCamera();
    }
    if (labels !== null && labels !== done.labels) {
      r.setLabels(labels);
      done.labels = labels;
      pending.current = [];
    }
    requestFrame();
  }, [image, labels, backend, ensureCamera, requestFrame]);

  useEffect(() => {
    renderer.current?.setPalette(palette);
    requestFrame();
  }, [palette, backend, requestFrame]);

  useEffect(() => {
    if (style !== undefined) renderer.current?.setStyle(style);
    requestFrame();
  }, [style, backend, requestFrame]);

  useEffect(() => {
    renderer.current?.setFootprint(footprint);
    requestFrame();
  }, [footprint, backend, requestFrame]);

  useEffect(() => {
    if (subscribe === undefined) return;
    return subscribe((rect) => {
      pending.current.push(rect);
      requestFrame();
    });
  }, [subscribe, requestFrame]);

  useImperativeHandle(
    ref,
    () => ({
      renderer: () => renderer.current,
      camera: () => ({ ...(camera.current ?? { zoom: 1, x: 0, y: 0 }) }),
      setCamera,
      invalidate: (rect) => {
        const current = uploaded.current.labels;
        if (current === null) return;
        pending.current.push(rect ?? { x: 0, y: 0, width: current.width, height: current.height });
        requestFrame();
      },
      redraw: requestFrame,
    }),
    [setCamera, requestFrame],
  );

  // Wheel zoom needs a non-passive listener (to keep the page from scrolling); space is held window-wide.
  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const cam = camera.current;
      if (cam === null) return;
      const box = element.getBoundingClientRect();
      const factor = wheelZoomFactor(event.deltaY, event.deltaMode);
      setCamera(zoomAt(cam, event.clientX - box.left, event.clientY - box.top, cam.zoom * factor));
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.code !== 'Space' || isControl(event.target)) return;
      space.current = event.type === 'keydown';
      element.style.cursor = space.current ? 'grab' : '';
      event.preventDefault();
    };
    const onBlur = () => {
      space.current = false;
      element.style.cursor = '';
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    window.addEventListener('blur', onBlur);
    return () => {
      element.removeEventListener('wheel', onWheel);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
      window.removeEventListener('blur', onBlur);
    };
  }, [setCamera]);

  const forward = (kind: ImagePointer['kind'], event: ReactPointerEvent<HTMLDivElement>) => {
    const handler = latest.current.onImagePointer;
    const cam = camera.current;
    const element = host.current;
    if (handler === undefined || cam === null || element === null) return;
    const box = element.getBoundingClientRect();
    const native = event.nativeEvent;
    const events =
      kind === 'move' && typeof native.getCoalescedEvents === 'function' ? native.getCoalescedEvents() : [];
    const points = (events.length > 0 ? events : [native]).map((e) =>
      cssToImage(cam, e.clientX - box.left, e.clientY - box.top),
    );
    handler({
      kind,
      points,
      button: event.button,
      buttons: event.buttons,
      pointerId: event.pointerId,
      shiftKey: event.shiftKey,
      altKey: event.altKey,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
    });
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    if (event.button === 1 || (event.button === 0 && space.current)) {
      // A middle click would start the browser's autoscroll.
      event.preventDefault();
      pan.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
      event.currentTarget.style.cursor = 'grabbing';
      return;
    }
    forward('down', event);
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const drag = pan.current;
    const cam = camera.current;
    if (drag !== null && drag.pointerId === event.pointerId) {
      if (cam !== null) setCamera(panBy(cam, event.clientX - drag.x, event.clientY - drag.y));
      drag.x = event.clientX;
      drag.y = event.clientY;
      return;
    }
    forward('move', event);
  };

  const onPointerEnd = (kind: 'up' | 'cancel') => (event: ReactPointerEvent<HTMLDivElement>) => {
    if (pan.current !== null && pan.current.pointerId === event.pointerId) {
      pan.current = null;
      event.currentTarget.style.cursor = space.current ? 'grab' : '';
      return;
    }
    forward(kind, event);
  };

  return (
    <div
      ref={host}
      data-testid="editor-canvas"
      className={props.className}
      style={{
        position: 'relative',
        width: '100%',
        height: '100%',
        overflow: 'hidden',
        touchAction: 'none',
        userSelect: 'none',
      }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd('up')}
      onPointerCancel={onPointerEnd('cancel')}
      onPointerLeave={(event) => forward('leave', event)}
      onAuxClick={(event) => event.preventDefault()}
    >
      {props.children}
    </div>
  );
}
