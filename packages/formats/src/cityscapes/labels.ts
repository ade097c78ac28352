/**
 * The Cityscapes label table (cityscapesScripts `helpers/labels.py` @ 0bcc4a7) and the name lookup
 * the ground-truth scripts use, including their `group` suffix rule:
 *
 *   resolveLabelName('car')        → { label: car (id 26), isGroup: false }
 *   resolveLabelName('cargroup')   → { label: car (id 26), isGroup: true }   // not in the table: suffix dropped
 *   resolveLabelName('polegroup')  → { label: polegroup (id 18), isGroup: false }  // in the table as is
 *   resolveLabelName('foo')        → undefined
 */

export interface CityscapesLabel {
  readonly name: string;
  /** Value in `*_labelIds.png`; -1 (license plate) means "never drawn". */
  readonly id: number;
  /** Value in `*_labelTrainIds.png`; 255 is ignored in training, -1 is never drawn. */
  readonly trainId: number;
  readonly category: string;
  readonly categoryId: number;
  /** Drawn as `id * 1000 + k` in instance images (k counts that class's objects). */
  readonly hasInstances: boolean;
  readonly ignoreInEval: boolean;
  /** `[r, g, b]` in `*_color.png` (alpha is always 255). */
  readonly color: readonly [number, number, number];
}

type Row = [string, number, number, string, number, boolean, boolean, [number, number, number]];

// Same order as labels.py: the order decides which label wins a shared trainId (the first listed).
const rows: Row[] = [
  ['unlabeled', 0, 255, 'void', 0, false, true, [0, 0, 0]],
  ['ego vehicle', 1, 255, 'void', 0, false, true, [0, 0, 0]],
  ['rectification border', 2, 255, 'void', 0, false, true, [0, 0, 0]],
  ['out of roi', 3, 255, 'void', 0, false, true, [0, 0, 0]],
  ['static', 4, 255, 'void', 0, false, true, [0, 0, 0]],
  ['dynamic', 5, 255, 'void', 0, false, true, [111, 74, 0]],
  ['ground', 6, 255, 'void', 0, false, true, [81, 0, 81]],
  ['road', 7, 0, 'flat', 1, false, false, [128, 64, 128]],
  ['sidewalk', 8, 1, 'flat', 1, false, false, [244, 35, 232]],
  ['parking', 9, 255, 'flat', 1, false, true, [250, 170, 160]],
  ['rail track', 10, 255, 'flat', 1, false, true, [230, 150, 140]],
  ['building', 11, 2, 'construction', 2, false, false, [70, 70, 70]],
  ['wall', 12, 3, 'construction', 2, false, false, [102, 102, 156]],
  ['fence', 13, 4, 'construction', 2, false, false, [190, 153, 153]],
  ['guard rail', 14, 255, 'construction', 2, false, true, [180, 165, 180]],
  ['bridge', 15, 255, 'construction', 2, false, true, [150, 100, 100]],
  ['tunnel', 16, 255, 'construction', 2, false, true, [150, 120, 90]],
  ['pole', 17, 5, 'object', 3, false, false, [153, 153, 153]],
  ['polegroup', 18, 255, 'object', 3, false, true, [153, 153, 153]],
  ['traffic light', 19, 6, 'object', 3, false, false, [250, 170, 30]],
  ['traffic sign', 20, 7, 'object', 3, false, false, [220, 220, 0]],
  ['vegetation', 21, 8, 'nature', 4, false, false, [107, 142, 35]],
  ['terrain', 22, 9, 'nature', 4, false, false, [152, 251, 152]],
  ['sky', 23, 10, 'sky', 5, false, false, [70, 130, 180]],
  ['person', 24, 11, 'human', 6, true, false, [220, 20, 60]],
  ['rider', 25, 12, 'human', 6, true, false, [255, 0, 0]],
  ['car', 26, 13, 'vehicle', 7, true, false, [0, 0, 142]],
  ['truck', 27, 14, 'vehicle', 7, true, false, [0, 0, 70]],
  ['bus', 28, 15, 'vehicle', 7, true, false, [0, 60, 100]],
  ['caravan', 29, 255, 'vehicle', 7, true, true, [0, 0, 90]],
  ['trailer', 30, 255, 'vehicle', 7, true, true, [0, 0, 110]],
  ['train', 31, 16, 'vehicle', 7, true, false, [0, 80, 100]],
  ['motorcycle', 32, 17, 'vehicle', 7, true, false, [0, 0, 230]],
  ['bicycle', 33, 18, 'vehicle', 7, true, false, [119, 11, 32]],
  ['license plate', -1, -1, 'vehicle', 7, false, true, [0, 0, 142]],
];

/** All 35 labels, in labels.py order. */
export const CITYSCAPES_LABELS: readonly CityscapesLabel[] = rows.map(
  ([name, id, trainId, category, categoryId, hasInstances, ignoreInEval, color]) =>
    Object.freeze({ name, id, trainId, category, categoryId, hasInstances, ignoreInEval, color }),
);

const byName = new Map(CITYSCAPES_LABELS.map((label) => [label.name, label]));
const byId = new Map(CITYSCAPES_LABELS.map((label) => [label.id, label]));
// labels.py builds trainId2label from the reversed list, so the first-listed label wins (255 → unlabeled).
const byTrainId = new Map([...CITYSCAPES_LABELS].reverse().map((label) => [label.trainId, label]));

/** The label the ground truth is drawn with when no object covers a pixel. */
export const UNLABELED: CityscapesLabel = byName.get('unlabeled')!;

export const labelByName = (name: string): CityscapesLabel | undefined => byName.get(name);
export const labelById = (id: number): CityscapesLabel | undefined => byId.get(id);
/** For a trainId shared by several labels (255), the first listed one: `unlabeled`. */
export const labelByTrainId = (trainId: number): CityscapesLabel | undefined => byTrainId.get(trainId);

const GROUP_SUFFIX = 'group';

/**
 * The label an annotation's `label` string stands for, as json2labelImg / json2instanceImg read it: a
 * name that is not in the table but ends in `group` loses the suffix and marks a group (drawn with the
 * plain class id, never as an instance). `undefined` for an unknown name.
 */
export function resolveLabelName(name: string): { label: CityscapesLabel; isGroup: boolean } | undefined {
  const exact = byName.get(name);
  if (exact !== undefined) return { label: exact, isGroup: false };
  if (!name.endsWith(GROUP_SUFFIX)) return undefined;
  const base = byName.get(name.slice(0, -GROUP_SUFFIX.length));
  return base === undefined ? undefined : { label: base, isGroup: true };
}
