import { describe, expect, it } from 'vitest';
import {
  detectFormat,
  FORMAT_NAMES,
  FORMATS,
  FormatNotDetectedError,
  formatByName,
  UnknownFormatError,
} from '../../src/index.js';
import { memorySource, textSource } from './memory-files.js';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
const folder = (paths: string[]) => memorySource(new Map(paths.map((path) => [path, png])), 'data');

describe('formatByName', () => {
  it('formatByName("coco-panoptic") returns the format of that name', () => {
    expect(formatByName('coco-panoptic').name).toBe('coco-panoptic');
  });

  it('formatByName("tiff") throws an UnknownFormatError listing every valid name', () => {
    let error: unknown;
    try {
      formatByName('tiff', '--to');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownFormatError);
    expect((error as UnknownFormatError).validNames).toEqual(FORMATS.map((f) => f.name));
    expect((error as Error).message).toBe(
      `--to tiff is not a format; use one of ${FORMATS.map((f) => f.name).join(', ')}`,
    );
  });

  it('every registered format has a distinct --from/--to name from FORMAT_NAMES', () => {
    const names = FORMATS.map((format) => format.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(FORMAT_NAMES).toContain(name);
  });
});

describe('detectFormat, the one detector', () => {
  const cases: [string, ReturnType<typeof memorySource>, string][] = [
    ['a COCO instances JSON', textSource({ 'i.json': '{"images": [], "annotations": []}' }, 'i.json'), 'coco'],
    [
      'a COCO panoptic JSON (segments_info) is panoptic, not coco',
      textSource(
        { 'p.json': '{"images": [], "annotations": [{"file_name": "a.png", "segments_info": []}]}' },
        'p.json',
      ),
      'coco-panoptic',
    ],
    [
      'a panoptic JSON whose "segments_info" lies past the first 64 KiB',
      textSource(
        {
          'p.json': `{"images": [${Array.from({ length: 3000 }, (_, i) => `{"id": ${i}, "file_name": "image_${i}.jpg", "height": 480, "width": 640}`).join(', ')}], "annotations": [{"file_name": "a.png", "segments_info": []}]}`,
        },
        'p.json',
      ),
      'coco-panoptic',
    ],
    [
      'a COCO results list',
      textSource({ 'r.json': '[{"image_id": 1, "category_id": 2, "segmentation": {}, "score": 0.9}]' }, 'r.json'),
      'coco-results',
    ],
    [
      'a Label Studio export',
      textSource({ 'e.json': '[{"id": 1, "data": {"image": "a.png"}, "annotations": []}]' }, 'e.json'),
      'label-studio',
    ],
    ['one labelme file', textSource({ 'a.json': '{"version": "5.0.1", "shapes": []}' }, 'a.json'), 'labelme'],
    ['a folder of labelme files', textSource({ 'x/a.json': '{"shapes": [], "imagePath": "a.jpg"}' }), 'labelme'],
    [
      'a CVAT XML',
      textSource({ 'annotations.xml': '<?xml version="1.0"?>\n<annotations>' }, 'annotations.xml'),
      'cvat',
    ],
    ['a Cityscapes folder', textSource({ 'aachen/a_gtFine_polygons.json': '{}' }), 'cityscapes'],
    ['a Kaggle binary-mask folder', folder(['id1/images/id1.png', 'id1/masks/m1.png']), 'binary-masks'],
    ['a folder of class-index PNGs', folder(['0001.png', '0002.png']), 'png'],
  ];
  it.each(cases)('%s', async (_what, source, expected) => {
    expect((await detectFormat(source)).name).toBe(expected);
  });

  it('a folder of text files is no format: FormatNotDetectedError asks for --from', async () => {
    await expect(detectFormat(textSource({ 'notes.txt': 'hello' }))).rejects.toThrow(FormatNotDetectedError);
    await expect(detectFormat(textSource({ 'notes.txt': 'hello' }))).rejects.toThrow(
      'cannot tell the format of in; pass --from',
    );
  });
});
