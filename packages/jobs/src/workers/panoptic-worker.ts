/** Worker of `evalPanoptic` with threads: the PQ statistics of its share of the images. */
import { parentPort, workerData } from 'node:worker_threads';
import { type PanopticShare, panopticShareStats } from '../eval/panoptic-shares.js';

if (parentPort !== null) {
  const port = parentPort;
  panopticShareStats(workerData as PanopticShare).then((answer) => port.postMessage(answer));
}
