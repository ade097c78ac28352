/**
 * Magic wand: one state. A pointer down selects the 4-connected region of image pixels within
 * `editor.wandTolerance` of the clicked pixel's colour (at the image's native resolution) and paints
 * it like a fill (`Editor.wandAt`). Without an image (`editor.setImage`) it does nothing.
 */
import { pixelOf } from '../../raster/footprint.js';
import { type PointerInfo, StateNode } from '../state-node.js';

class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(info: PointerInfo): void {
    this.editor.wandAt(pixelOf(info.x), pixelOf(info.y));
  }
}

export class WandTool extends StateNode {
  readonly id = 'wand';

  constructor(editor: WandTool['editor']) {
    super(editor);
    this.addChildren(new Idle(editor));
  }
}
