/**
 * Worker of `segkit eval semantic --threads N`: reads its share of the (ground truth, prediction)
 * PNG pairs and posts back one confusion matrix. Counts are integers, so merging the workers'
 * matrices gives the same result whatever the number of threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ConfusionPart, confusionOfFiles } from '../commands/eval-semantic-files.js';

if (parentPort !== null) {
  const port = parentPort;
  const task = workerData as {
    gt: string;
    pred: string;
    files: string[];
    numClasses: number;
    ignoreIndex: number;
    offset: number;
  };
  confusionOfFiles(task).then((part: ConfusionPart) => {
    port.postMessage(part, part.counts ? [part.counts.buffer as ArrayBuffer] : []);
  });
}
