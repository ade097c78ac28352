/** Worker of `evalInstance` with threads: the COCOeval match records of its share of the images. */
import { parentPort, workerData } from 'node:worker_threads';
import { cocoRecordsTransferList, type PackedCocoEvalShare } from '@segkit/metrics/shares';
import { cocoShareRecords } from '../eval/instance-shares.js';

if (parentPort !== null) {
  const port = parentPort;
  cocoShareRecords(workerData as PackedCocoEvalShare).then((answer) => {
    port.postMessage(answer, answer.result ? cocoRecordsTransferList(answer.result) : []);
  });
}
