import { describe, expect, it } from 'vitest';
import {
  CITYSCAPES_LABELS,
  labelById,
  labelByName,
  labelByTrainId,
  resolveLabelName,
} from '../../src/cityscapes/labels.js';

describe('CITYSCAPES_LABELS (cityscapesScripts labels.py)', () => {
  it('has the 35 labels in labels.py order, ids -1..33, 19 training classes', () => {
    expect(CITYSCAPES_LABELS).toHaveLength(35);
    expect(CITYSCAPES_LABELS.map((l) => l.id)).toEqual([...Array.from({ length: 34 }, (_, i) => i), -1]);
    const trainIds = CITYSCAPES_LABELS.map((l) => l.trainId).filter((t) => t >= 0 && t !== 255);
    expect(trainIds).toEqual(Array.from({ length: 19 }, (_, i) => i));
  });

  it('labelByName gives a whole row', () => {
    expect(labelByName('caravan')).toEqual({
      name: 'caravan',
      id: 29,
      trainId: 255,
      category: 'vehicle',
      categoryId: 7,
      hasInstances: true,
      ignoreInEval: true,
      color: [0, 0, 90],
    });
    expect(labelByName('license plate')).toMatchObject({ id: -1, trainId: -1, color: [0, 0, 142] });
    expect(labelByName('Car')).toBeUndefined();
  });

  it('labelById and labelByTrainId: a shared trainId (255) belongs to the first-listed label', () => {
    expect(labelById(26)?.name).toBe('car');
    expect(labelByTrainId(13)?.name).toBe('car');
    expect(labelByTrainId(255)?.name).toBe('unlabeled');
    expect(labelByTrainId(-1)?.name).toBe('license plate');
  });
});

describe('resolveLabelName(name)', () => {
  it('returns a known name as it is, not as a group', () => {
    expect(resolveLabelName('car')).toEqual({ label: labelByName('car'), isGroup: false });
  });

  it('drops the "group" suffix of a name that is not in the table, and marks it a group', () => {
    expect(resolveLabelName('cargroup')).toEqual({ label: labelByName('car'), isGroup: true });
    expect(resolveLabelName('roadgroup')).toEqual({ label: labelByName('road'), isGroup: true });
    expect(resolveLabelName('license plategroup')).toEqual({ label: labelByName('license plate'), isGroup: true });
  });

  it('keeps "polegroup", which is a label of its own (id 18)', () => {
    expect(resolveLabelName('polegroup')).toEqual({ label: labelByName('polegroup'), isGroup: false });
  });

  it('returns undefined for unknown names, with or without the suffix', () => {
    expect(resolveLabelName('foo')).toBeUndefined();
    expect(resolveLabelName('foogroup')).toBeUndefined();
    expect(resolveLabelName('group')).toBeUndefined();
    expect(resolveLabelName('cargroupgroup')).toBeUndefined();
  });
});
