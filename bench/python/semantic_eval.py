"""The reference for `segkit eval semantic` in bench/png-eval.mjs: numpy + Pillow, the way
mmsegmentation and FCN's fast_hist count a confusion matrix (bincount over gt * n + pred, ignored
ground truth left out), over every PNG of a folder. Prints mIoU and pixel accuracy as JSON.

usage: semantic_eval.py GT_DIR PRED_DIR NUM_CLASSES IGNORE_INDEX
"""
import json
import os
import sys

import numpy as np
from PIL import Image


def main(gt_dir, pred_dir, num_classes, ignore_index):
    n = num_classes
    hist = np.zeros((n, n), dtype=np.int64)
    for name in sorted(os.listdir(gt_dir)):
        if not name.lower().endswith('.png'):
            continue
        gt = np.asarray(Image.open(os.path.join(gt_dir, name)))
        pred = np.asarray(Image.open(os.path.join(pred_dir, name)))
        keep = gt != ignore_index
        hist += np.bincount(n * gt[keep].astype(np.int64) + pred[keep], minlength=n * n).reshape(n, n)
    diag = np.diag(hist).astype(np.float64)
    with np.errstate(divide='ignore', invalid='ignore'):
        iou = diag / (hist.sum(1) + hist.sum(0) - diag)
    print(json.dumps({'miou': float(np.nanmean(iou)), 'pixelAccuracy': float(diag.sum() / hist.sum())}))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
