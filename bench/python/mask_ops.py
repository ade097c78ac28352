"""pycocotools timings of the mask-core benchmark's own inputs, on this machine, for side-by-side ratios.

Usage: PYTHONPATH=<cocoapi>/PythonAPI python3 mask_ops.py INPUTS.json
INPUTS.json (written by bench/mask-core.mjs): {"h", "w", "blobs": [rle strings], "noise": [...],
"polygons": [[x0, y0, ...]]}. Prints one JSON object of best-of-5 seconds per operation.
"""
import json
import sys
import time

import numpy as np
from pycocotools import mask as mask_utils


def best(fn, repeats=5):
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(path):
    with open(path) as f:
        spec = json.load(f)
    h, w = spec['h'], spec['w']
    blobs = [{'size': [h, w], 'counts': s.encode('ascii')} for s in spec['blobs']]
    noise = [{'size': [h, w], 'counts': s.encode('ascii')} for s in spec['noise']]
    # Inputs prepared before the clock, as in TIMINGS.md: Fortran-order uint8 arrays.
    blob_masks = [np.asfortranarray(mask_utils.decode(r)) for r in blobs]
    noise_masks = [np.asfortranarray(mask_utils.decode(r)) for r in noise]
    dt, gt = blobs[:100], blobs[100:200]
    crowd = [1 if i % 10 == 0 else 0 for i in range(100)]
    result = {
        'encode': best(lambda: [mask_utils.encode(m) for m in blob_masks]),
        'decode': best(lambda: [mask_utils.decode(r) for r in blobs]),
        'area': best(lambda: mask_utils.area(blobs), 20),
        'toBbox': best(lambda: mask_utils.toBbox(blobs), 20),
        'iou': best(lambda: mask_utils.iou(dt, gt, crowd), 10),
        'merge': best(lambda: [mask_utils.merge([blobs[i], blobs[i + 1]]) for i in range(0, 1000, 2)]),
        'frPyObjects': best(lambda: [mask_utils.frPyObjects([p], h, w) for p in spec['polygons']]),
        'noise_encode': best(lambda: [mask_utils.encode(m) for m in noise_masks], 3),
        'noise_decode': best(lambda: [mask_utils.decode(r) for r in noise], 3),
    }
    print(json.dumps(result))


if __name__ == '__main__':
    main(sys.argv[1])
