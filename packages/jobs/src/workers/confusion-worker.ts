/**
 * Worker of `evalSemantic` with threads: reads its share of the (ground truth, prediction) PNG pairs
 * and posts back one confusion matrix (integer counts, so any split merges exactly).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ConfusionShare, confusionOfFiles } from '../eval/semantic-shares.js';

if (parentPort !== null) {
  const port = parentPort;
  confusionOfFiles(workerData as ConfusionShare).then((answer) => {
    port.postMessage(answer, answer.result ? [answer.result.buffer as ArrayBuffer] : []);
  });
}
