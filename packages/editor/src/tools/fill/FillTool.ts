/**
 * Fill: one state. A pointer down fills the 4-connected region under the pointer whose pixels carry
 * the same label (semantic, panoptic: the same segment id, 0 included), or, in instance projects,
 * the region covered by no instance; painted like a stroke of the current class.
 */
import { pixelOf } from '../../raster/footprint.js';
import { type PointerInfo, StateNode } from '../state-node.js';

class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(info: PointerInfo): void {
    this.editor.fillAt(pixelOf(info.x), pixelOf(info.y));
  }
}

export class FillTool extends StateNode {
  readonly id = 'fill';

  constructor(editor: FillTool['editor']) {
    super(editor);
    this.addChildren(new Idle(editor));
  }
}
