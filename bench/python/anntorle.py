"""What `segkit convert --from coco --to coco --mask-encoding rle` does, done with pycocotools, for timing.

Usage: PYTHONPATH=<cocoapi>/PythonAPI python3 anntorle.py IN.json OUT.json
"""
import json
import sys

from pycocotools.coco import COCO


def main(source, target):
    with open(source) as f:
        dataset = json.load(f)
    coco = COCO()
    coco.dataset = dataset
    coco.createIndex()
    for ann in dataset['annotations']:
        rle = coco.annToRLE(ann)
        counts = rle['counts']
        ann['segmentation'] = {'size': rle['size'], 'counts': counts.decode('ascii') if isinstance(counts, bytes) else counts}
    with open(target, 'w') as f:
        json.dump(dataset, f)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
