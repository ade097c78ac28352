/**
 * Which key presses the editor takes: none while the user types in a text or number field
 * (docs/editor.md), nor in a select, whose letters pick options.
 */
const TYPING_INPUTS = new Set(['text', 'number', 'search', 'email', 'password', 'url', 'tel']);

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return TYPING_INPUTS.has(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** The shortcut help overlay's rows: keys, then what they do. */
export const SHORTCUTS: ReadonlyArray<readonly [string, string]> = [
  ['b', 'brush'],
  ['e', 'eraser'],
  ['p', 'polygon (click vertices; Enter or a click on the first vertex closes it)'],
  ['Shift+Enter', 'close the polygon as a cut (a hole)'],
  ['Backspace', 'remove the polygon’s last vertex'],
  ['f', 'fill the region under the pointer'],
  ['w', 'magic wand (colour tolerance at the image’s own resolution)'],
  ['l', 'edge-following lasso (click anchors; Enter or a click on the first closes it)'],
  ['Alt+click, Alt+drag', 'insert or move a vertex of the polygon just closed; Delete removes the selected one'],
  ['v', 'select the segment under the pointer'],
  ['n', 'start a new instance (instance and panoptic projects)'],
  ['1 … 9', 'the first nine classes'],
  ['[ ]', 'brush size down / up'],
  ['arrows', 'nudge the cursor by one image pixel'],
  ['Escape', 'cancel the current action'],
  ['Ctrl+Z / Ctrl+Shift+Z', 'undo / redo'],
  ['Ctrl+S', 'save now'],
  ['wheel', 'zoom around the pointer (up to 32×, pixel grid from 8×)'],
  ['Space+drag, middle drag', 'pan'],
  ['?', 'this help'],
];
