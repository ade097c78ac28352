import { describe, expect, it } from 'vitest';
import { inferSources } from '../../src/index.js';

describe('inferSources', () => {
  it('CamVid names: the sequence before the first "_"', () => {
    const names = ['0001TP_006690.png', '0001TP_007140.png', 'Seq05VD_f00000.png', 'Seq05VD_f00030.png'];
    expect(inferSources(names)).toEqual(['0001TP', '0001TP', 'Seq05VD', 'Seq05VD']);
  });

  it('Cityscapes names: the folder (one per city) wins over the prefix', () => {
    const names = ['aachen/aachen_000000.png', 'aachen/aachen_000001.png', 'bonn/bonn_000000.png', 'bonn/bonn_1.png'];
    expect(inferSources(names)).toEqual(['aachen', 'aachen', 'bonn', 'bonn']);
  });

  it('names that are all different (content hashes, numbers) give one source "all"', () => {
    expect(inferSources(['0.jpg', '1.jpg', '10.jpg', '11.jpg'])).toEqual(['all', 'all', 'all', 'all']);
    expect(inferSources(['a1b2/images/a1b2.png', 'c3d4/images/c3d4.png'])).toEqual(['all', 'all']);
  });

  it('a pattern decides alone: its first group, or "other" when it does not match', () => {
    expect(inferSources(['cam1-0001.png', 'cam2-0002.png', 'x.png'], /^(cam\d)-/)).toEqual(['cam1', 'cam2', 'other']);
  });
});
