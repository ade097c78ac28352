/**
 * What `evalPixelLevelSemanticLabeling.py` reads from the Cityscapes label table
 * (cityscapesScripts `helpers/labels.py` @ 0bcc4a7; the full table, colours included, is in
 * @segkit/formats, which this package must not depend on). Only ids 0..33 take part: license
 * plate (id -1) is never drawn, and the confusion matrix is 34×34.
 */

export interface CityscapesEvalLabel {
  readonly id: number;
  readonly name: string;
  /** 255 for the labels left out of training and evaluation. */
  readonly trainId: number;
  readonly category: string;
  readonly hasInstances: boolean;
  readonly ignoreInEval: boolean;
}

type Row = [string, number, string, boolean, boolean];

// Index = label id. [name, trainId, category, hasInstances, ignoreInEval]
const rows: Row[] = [
  ['unlabeled', 255, 'void', false, true],
  ['ego vehicle', 255, 'void', false, true],
  ['rectification border', 255, 'void', false, true],
  ['out of roi', 255, 'void', false, true],
  ['static', 255, 'void', false, true],
  ['dynamic', 255, 'void', false, true],
  ['ground', 255, 'void', false, true],
  ['road', 0, 'flat', false, false],
  ['sidewalk', 1, 'flat', false, false],
  ['parking', 255, 'flat', false, true],
  ['rail track', 255, 'flat', false, true],
  ['building', 2, 'construction', false, false],
  ['wall', 3, 'construction', false, false],
  ['fence', 4, 'construction', false, false],
  ['guard rail', 255, 'construction', false, true],
  ['bridge', 255, 'construction', false, true],
  ['tunnel', 255, 'construction', false, true],
  ['pole', 5, 'object', false, false],
  ['polegroup', 255, 'object', false, true],
  ['traffic light', 6, 'object', false, false],
  ['traffic sign', 7, 'object', false, false],
  ['vegetation', 8, 'nature', false, false],
  ['terrain', 9, 'nature', false, false],
  ['sky', 10, 'sky', false, false],
  ['person', 11, 'human', true, false],
  ['rider', 12, 'human', true, false],
  ['car', 13, 'vehicle', true, false],
  ['truck', 14, 'vehicle', true, false],
  ['bus', 15, 'vehicle', true, false],
  ['caravan', 255, 'vehicle', true, true],
  ['trailer', 255, 'vehicle', true, true],
  ['train', 16, 'vehicle', true, false],
  ['motorcycle', 17, 'vehicle', true, false],
  ['bicycle', 18, 'vehicle', true, false],
];

/** Labels 0..33, indexed by id. */
export const CITYSCAPES_EVAL_LABELS: readonly CityscapesEvalLabel[] = rows.map(
  ([name, trainId, category, hasInstances, ignoreInEval], id) =>
    Object.freeze({ id, name, trainId, category, hasInstances, ignoreInEval }),
);

/** Side of the confusion matrix: the largest label id + 1. */
export const CITYSCAPES_MATRIX_SIZE = rows.length;

/** Categories in `category2labels` order (the order the script averages them in). */
export const CITYSCAPES_CATEGORIES: readonly string[] = [
  'void',
  'flat',
  'construction',
  'object',
  'nature',
  'sky',
  'human',
  'vehicle',
];

/**
 * `args.avgClassSize`: the mean instance size of each class over the training set, in pixels. An
 * instance's weight in iIoU is this over its own size.
 */
export const CITYSCAPES_AVG_CLASS_SIZE: Readonly<Record<string, number>> = Object.freeze({
  bicycle: 4672.3249222261,
  caravan: 36771.8241758242,
  motorcycle: 6298.7200839748,
  rider: 3930.4788056518,
  bus: 35732.1511111111,
  train: 67583.7075812274,
  car: 12794.0202738185,
  person: 3462.4756337644,
  truck: 27855.1264367816,
  trailer: 16926.9763313609,
});
