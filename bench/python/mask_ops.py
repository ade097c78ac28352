"""pycocotools timings of the mask-core benchmark's own inputs, on this machine, for side-by-side ratios.

Usage: PYTHONPATH=<cocoapi>/PythonAPI python3 mask_ops.py INPUTS.json
INPUTS.json (written by bench/mask-core.mjs): {"h", "w", "blobs": [rle strings], "noise": [...],
"polygons": [[x0, y0, ...]]}. Prints one JSON object of best-of-5 seconds per operation; an operation
this pycocotools cannot run is null, with the reason under "_skipped".

The PyPI pycocotools wheel (2.0.11) on numpy 2 raises OverflowError in `mask.area` on 1,000 RLEs
("Python integer 1000 out of bounds for uint8": numpy 2 no longer wraps out-of-range Python ints
into a small dtype); that row is skipped rather than ending the whole benchmark.
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


def guarded(skipped, name, fn):
    """fn's timing, or None with the reason in `skipped` when this pycocotools overflows on numpy 2."""
    try:
        return fn()
    except OverflowError as error:
        skipped[name] = f'OverflowError on numpy {np.__version__}: {error}'
        return None


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
    operations = {
        'encode': (lambda: [mask_utils.encode(m) for m in blob_masks], 5),
        'decode': (lambda: [mask_utils.decode(r) for r in blobs], 5),
        'area': (lambda: mask_utils.area(blobs), 20),
        'toBbox': (lambda: mask_utils.toBbox(blobs), 20),
        'iou': (lambda: mask_utils.iou(dt, gt, crowd), 10),
        'merge': (lambda: [mask_utils.merge([blobs[i], blobs[i + 1]]) for i in range(0, 1000, 2)], 5),
        'frPyObjects': (lambda: [mask_utils.frPyObjects([p], h, w) for p in spec['polygons']], 5),
        'noise_encode': (lambda: [mask_utils.encode(m) for m in noise_masks], 3),
        'noise_decode': (lambda: [mask_utils.decode(r) for r in noise], 3),
    }
    skipped = {}
    result = {name: guarded(skipped, name, lambda: best(fn, repeats)) for name, (fn, repeats) in operations.items()}
    if skipped:
        result['_skipped'] = skipped
    print(json.dumps(result))


if __name__ == '__main__':
    main(sys.argv[1])
