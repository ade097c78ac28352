/**
 * Tools as small state machines, after tldraw's StateNode (packages/editor/src/lib/editor/tools/
 * StateNode.ts): a node has an id, optional children of which one is current, and handlers. An
 * event goes to the node's own handler first, then to its current child, unless the handler moved
 * to another child. The path of current nodes, e.g. `root.brush.painting`, is what tests check.
 */
import type { Editor } from '../editor.js';

/** A pointer event in image space: fractional coordinates, pixel (x, y) covers [x, x+1) × [y, y+1). */
export interface PointerInfo {
  x: number;
  y: number;
  /** Alt (Option) held at a pointer down: the polygon tool's vertex editing. */
  alt?: boolean;
}

export interface KeyInfo {
  key: string;
  shift: boolean;
  ctrl: boolean;
  alt: boolean;
}

export type EditorEvent =
  | { name: 'pointer_down'; info: PointerInfo }
  | { name: 'pointer_move'; info: PointerInfo }
  | { name: 'pointer_up'; info: PointerInfo }
  | { name: 'key_down'; info: KeyInfo }
  | { name: 'cancel' };

export abstract class StateNode {
  abstract readonly id: string;
  parent: StateNode | null = null;
  protected readonly children = new Map<string, StateNode>();
  protected initial: string | null = null;
  current: StateNode | null = null;

  constructor(readonly editor: Editor) {}

  /** Adds children; the first one is the initial state. */
  protected addChildren(...nodes: StateNode[]): void {
    for (const node of nodes) {
      node.parent = this;
      this.children.set(node.id, node);
    }
    this.initial ??= nodes[0]?.id ?? null;
  }

  onEnter?(info?: unknown): void;
  onExit?(): void;
  onPointerDown?(info: PointerInfo): void;
  onPointerMove?(info: PointerInfo): void;
  onPointerUp?(info: PointerInfo): void;
  onKeyDown?(info: KeyInfo): void;
  onCancel?(): void;

  handle(event: EditorEvent): void {
    const child = this.current;
    switch (event.name) {
      case 'pointer_down':
        this.onPointerDown?.(event.info);
        break;
      case 'pointer_move':
        this.onPointerMove?.(event.info);
        break;
      case 'pointer_up':
        this.onPointerUp?.(event.info);
        break;
      case 'key_down':
        this.onKeyDown?.(event.info);
        break;
      case 'cancel':
        this.onCancel?.();
        break;
    }
    if (child && child === this.current) child.handle(event);
  }

  enter(info?: unknown): void {
    this.onEnter?.(info);
    if (this.initial && !this.current) {
      this.current = this.children.get(this.initial)!;
      this.current.enter(info);
    }
  }

  exit(): void {
    this.current?.exit();
    this.current = null;
    this.onExit?.();
  }

  /** Makes child `id` current (exiting the old one, entering the new one with `info`). */
  transition(id: string, info?: unknown): void {
    const next = this.children.get(id);
    if (!next) throw new Error(`${this.id} has no state "${id}"`);
    this.current?.exit();
    this.current = next;
    next.enter(info);
    this.editor.notify();
  }

  /** Dotted path of current nodes from this one, e.g. `root.brush.idle`. */
  get path(): string {
    return this.current ? `${this.id}.${this.current.path}` : this.id;
  }
}
