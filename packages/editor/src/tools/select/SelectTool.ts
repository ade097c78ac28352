/** Select: a pointer down selects the segment shown at the pointer (the top-most visible one), or nothing. */
import { pixelOf } from '../../raster/footprint.js';
import { type PointerInfo, StateNode } from '../state-node.js';

class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(info: PointerInfo): void {
    const doc = this.editor.document;
    const x = pixelOf(info.x);
    const y = pixelOf(info.y);
    const id = x >= 0 && y >= 0 && x < doc.width && y < doc.height ? doc.view[y * doc.width + x] : 0;
    this.editor.select(id === 0 ? null : id);
  }
}

export class SelectTool extends StateNode {
  readonly id = 'select';

  constructor(editor: SelectTool['editor']) {
    super(editor);
    this.addChildren(new Idle(editor));
  }
}
