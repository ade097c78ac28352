import { SegkitError } from '@segkit/core';
import { describe, expect, it } from 'vitest';
import {
  annotationItem,
  imageItem,
  OutputNames,
  outputName,
  outputPart,
  unsafeNameReason,
  utf8Bytes,
} from '../../src/io/output-name.js';

function refusal(work: () => unknown): SegkitError {
  try {
    work();
  } catch (error) {
    if (error instanceof SegkitError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('outputName(name)', () => {
  it('returns a plain relative name as it is, with "." parts dropped', () => {
    expect(outputName('a.png')).toBe('a.png');
    expect(outputName('train/city/a.png')).toBe('train/city/a.png');
    expect(outputName('./train/./a.png')).toBe('train/a.png');
    expect(outputName('my image (1).png')).toBe('my image (1).png');
    expect(outputName('日本/画像.png')).toBe('日本/画像.png');
    expect(outputName('..a.png')).toBe('..a.png'); // a name that starts with dots is not ".."
  });

  it.each([
    ['', 'is empty'],
    ['../x.png', 'climbs out of the output folder with ".."'],
    ['a/../../x.png', 'climbs out of the output folder with ".."'],
    ['a/..', 'climbs out of the output folder with ".."'],
    ['/etc/x.png', 'is absolute'],
    ['C:x.png', 'starts with a drive letter'],
    ['c:/x.png', 'starts with a drive letter'],
    ['..\\x.png', 'holds a backslash (a folder separator on Windows)'],
    ['a\\b.png', 'holds a backslash (a folder separator on Windows)'],
    ['a\u0000.png', 'holds the control character U+0000'],
    ['a\n.png', 'holds the control character U+000A'],
    ['a\u007f.png', 'holds the control character U+007F'],
    ['a\u0085.png', 'holds the control character U+0085'],
    ['a\ud800.png', 'is not valid Unicode (a lone surrogate)'],
    ['a\udc00.png', 'is not valid Unicode (a lone surrogate)'],
    ['a//b.png', 'has an empty part ("//")'],
    ['a/', 'ends with "/" (names a folder, not a file)'],
    ['.', 'names the output folder itself'],
    ['./.', 'names the output folder itself'],
  ])('refuses %j: it %s', (name, reason) => {
    const error = refusal(() => outputName(name, ['out/', 'image 3']));
    expect(error.code).toBe('UNSAFE_PATH');
    expect(error.message).toBe(`out/: image 3: output name ${JSON.stringify(name)} ${reason}`);
  });

  it('refuses a part over 255 bytes of UTF-8 and a path over 4096, counting bytes, not characters', () => {
    expect(outputName('a'.repeat(255))).toBe('a'.repeat(255));
    expect(unsafeNameReason('a'.repeat(256))).toBe('has a part of 256 bytes; file systems allow 255');
    // 85 three-byte characters are 255 bytes; 86 are 258.
    expect(outputName('画'.repeat(85))).toBe('画'.repeat(85));
    expect(unsafeNameReason('画'.repeat(86))).toBe('has a part of 258 bytes; file systems allow 255');
    const deep = Array.from({ length: 20 }, () => 'b'.repeat(200)).join('/'); // 20·200 + 19 = 4019 bytes
    expect(outputName(deep)).toBe(deep);
    expect(unsafeNameReason(`${deep}/${'c'.repeat(100)}`)).toBe(
      'is 4120 bytes long; at most 4096 fit in the output folder',
    );
    expect(unsafeNameReason(deep, 4000)).toBe('is 4019 bytes long; at most 4000 fit in the output folder');
  });

  it('utf8Bytes counts 1, 2, 3 and 4 bytes per code point as UTF-8 does', () => {
    expect(utf8Bytes('a')).toBe(1);
    expect(utf8Bytes('é')).toBe(2);
    expect(utf8Bytes('画')).toBe(3);
    expect(utf8Bytes('😀')).toBe(4);
    expect(utf8Bytes('aé画😀')).toBe(new TextEncoder().encode('aé画😀').length);
  });
});

describe('outputPart(name)', () => {
  it('takes one name and refuses a "/" besides what outputName refuses', () => {
    expect(outputPart('7.png')).toBe('7.png');
    expect(refusal(() => outputPart('a/b.png')).message).toBe(
      'output name "a/b.png" holds a "/" where one name is expected',
    );
    expect(refusal(() => outputPart('.')).message).toBe('output name "." names the output folder itself');
    expect(refusal(() => outputPart('../../x.png')).message).toBe(
      'output name "../../x.png" climbs out of the output folder with ".."',
    );
  });
});

describe('OutputNames (the plan of a writer)', () => {
  it('claim returns the checked path and refuses a second item on one file, naming both', () => {
    const names = new OutputNames('out/');
    expect(names.claim('a.png', 'image 0 (file_name "a.jpg")')).toBe('a.png');
    const error = refusal(() => names.claim('./a.png', 'image 1 (file_name "a.png")'));
    expect(error.code).toBe('OUTPUT_CONFLICT');
    expect(error.message).toBe(
      'out/: image 0 (file_name "a.jpg") and image 1 (file_name "a.png") would both be written as "a.png"',
    );
  });

  it('refuses two names that are one after Unicode normalisation (é composed and decomposed)', () => {
    const names = new OutputNames('out');
    names.claim('caf\u00e9.png', 'image 0');
    const error = refusal(() => names.claim('cafe\u0301.png', 'image 1'));
    expect(error.code).toBe('OUTPUT_CONFLICT');
    expect(error.message).toContain('image 0 and image 1 would both be written as');
  });

  it('keeps names that differ only in case apart (the disk sink asks the file system)', () => {
    const names = new OutputNames('out');
    names.claim('A.png', 'image 0');
    expect(names.claim('a.png', 'image 1')).toBe('a.png');
  });

  it('refuses a file where another item needs a folder, and a folder where another wrote a file', () => {
    const first = new OutputNames('out');
    first.claim('a', 'image 0');
    expect(refusal(() => first.claim('a/b.png', 'image 1')).message).toBe(
      'out: image 1 needs a folder "a" where image 0 is written',
    );
    const second = new OutputNames('out');
    second.claim('a/b.png', 'image 0');
    expect(refusal(() => second.claim('a', 'image 1')).message).toBe(
      'out: image 1 would be written as "a", the folder image 0 writes into',
    );
  });

  it("claimFolder gives a folder to one item; reserve keeps the writer's own names", () => {
    const names = new OutputNames('out');
    names.reserve('classes.json');
    names.claimFolder('a', 'image 0');
    expect(names.claim('a/masks/1.png', 'annotation 0')).toBe('a/masks/1.png');
    expect(refusal(() => names.claimFolder('a', 'image 1')).message).toBe(
      'out: image 0 and image 1 would both be written in "a"',
    );
    expect(refusal(() => names.claimFolder('classes.json', 'image 2')).code).toBe('OUTPUT_CONFLICT');
    expect(names.has('a/masks/1.png')).toBe(true);
    expect(names.has('a/masks/2.png')).toBe(false);
  });

  it('claim refuses an unsafe name with UNSAFE_PATH naming the output and the item', () => {
    const names = new OutputNames('out/');
    const error = refusal(() => names.claim('../../x.png', imageItem({ id: 3, file_name: '../../x.jpg' }, 3)));
    expect(error.code).toBe('UNSAFE_PATH');
    expect(error.message).toBe(
      'out/: image 3 (file_name "../../x.jpg"): output name "../../x.png" climbs out of the output folder with ".."',
    );
  });
});

describe('imageItem and annotationItem', () => {
  it('quote the name or id from data, so control characters stay on one line', () => {
    expect(imageItem({ id: 1, file_name: 'a\nb.jpg' }, 0)).toBe('image 0 (file_name "a\\nb.jpg")');
    expect(imageItem({ id: 7 }, 2)).toBe('image 2 (id 7)');
    expect(annotationItem({ id: '../x' }, 4)).toBe('annotation 4 (id "../x")');
    expect(annotationItem({}, 4)).toBe('annotation 4');
  });
});
