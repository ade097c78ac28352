/** Worker of the scope job's threads: the measures of its share of the annotations (shares.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { measureShare, type ScopeShare } from './shares.js';

if (parentPort !== null) parentPort.postMessage(measureShare(workerData as ScopeShare));
