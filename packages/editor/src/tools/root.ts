/** The root of the tool state chart: one child per tool; the current one is the active tool. */
import type { Editor } from '../editor.js';
import { StrokeTool } from './brush/StrokeTool.js';
import { FillTool } from './fill/FillTool.js';
import { LassoTool } from './lasso/LassoTool.js';
import { PolygonTool } from './polygon/PolygonTool.js';
import { SelectTool } from './select/SelectTool.js';
import { StateNode } from './state-node.js';
import { WandTool } from './wand/WandTool.js';

export type ToolId = 'brush' | 'eraser' | 'polygon' | 'fill' | 'wand' | 'lasso' | 'select';

export class RootState extends StateNode {
  readonly id = 'root';
  readonly polygon: PolygonTool;
  readonly lasso: LassoTool;

  constructor(editor: Editor) {
    super(editor);
    this.polygon = new PolygonTool(editor);
    this.lasso = new LassoTool(editor);
    this.addChildren(
      new StrokeTool(editor, 'brush', 'paint'),
      new StrokeTool(editor, 'eraser', 'erase'),
      this.polygon,
      new FillTool(editor),
      new WandTool(editor),
      this.lasso,
      new SelectTool(editor),
    );
  }
}
