import { describe, expect, it } from 'vitest';
import { parseClassNames } from '../../src/semantic/class-names.js';

const entries = (text: string, path = 'classes.txt') => [...parseClassNames(text, path).entries()];

describe('parseClassNames', () => {
  it('numbers a plain list from 0 (line i is class i, as VOC class_names.txt)', () => {
    expect(entries('background\nroad\ncar\n')).toEqual([
      [0, 'background'],
      [1, 'road'],
      [2, 'car'],
    ]);
  });

  it('numbers the names after "# first id: 1" from 1', () => {
    expect(entries('# first id: 1\nperson\nbicycle\n')).toEqual([
      [1, 'person'],
      [2, 'bicycle'],
    ]);
  });

  it('takes "ID NAME", "ID: NAME" and tab-separated lines as written, in any order', () => {
    expect(entries('7 road\n26: car\n24\tperson walking\n')).toEqual([
      [7, 'road'],
      [26, 'car'],
      [24, 'person walking'],
    ]);
  });

  it('reads a list only partly numbered as plain names (a name may start with a digit)', () => {
    expect(entries('3 way junction\nroad\n')).toEqual([
      [0, '3 way junction'],
      [1, 'road'],
    ]);
  });

  it('refuses a repeated id and a bad first id, naming the file and line', () => {
    expect(() => parseClassNames('1 a\n1 b\n', 'c.txt')).toThrow('c.txt: line 2: class id 1 appears twice');
    expect(() => parseClassNames('# first id: one\na\n', 'c.txt')).toThrow(
      'c.txt: line 1: "# first id:" must give an integer 0..65535, got "one"',
    );
  });

  it('reads JSON lists of names (from 0) and of {id, name}', () => {
    expect(entries('["a", "b"]', 'c.json')).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    expect(entries('[{"id": 5, "name": "e"}]', 'c.json')).toEqual([[5, 'e']]);
  });
});
