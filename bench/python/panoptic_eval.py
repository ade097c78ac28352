"""The reference for `segkit eval panoptic` in bench/png-eval.mjs: panopticapi's
pq_compute_single_core on every image in one process (pq_compute without its process pool), then
pq_average for All, Things and Stuff, printed as JSON on the last line.

usage: PYTHONPATH=<panopticapi checkout> panoptic_eval.py GT_JSON PRED_JSON GT_DIR PRED_DIR
"""
import json
import sys

from panopticapi.evaluation import pq_compute_single_core


def main(gt_json_file, pred_json_file, gt_folder, pred_folder):
    with open(gt_json_file) as f:
        gt_json = json.load(f)
    with open(pred_json_file) as f:
        pred_json = json.load(f)
    categories = {el['id']: el for el in gt_json['categories']}
    pred_by_image = {el['image_id']: el for el in pred_json['annotations']}
    matched = [(gt_ann, pred_by_image[gt_ann['image_id']]) for gt_ann in gt_json['annotations']]
    pq_stat = pq_compute_single_core(0, matched, gt_folder, pred_folder, categories)
    results = {}
    for name, isthing in (('All', None), ('Things', True), ('Stuff', False)):
        results[name], _ = pq_stat.pq_average(categories, isthing=isthing)
    print(json.dumps(results))


if __name__ == '__main__':
    main(*sys.argv[1:5])
