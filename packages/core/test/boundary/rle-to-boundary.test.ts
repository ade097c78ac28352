import { rleToBoundary } from '../../src/boundary/rle-to-boundary.js';
import { runBoundaryTests } from './boundary.case.js';

runBoundaryTests('rleToBoundary', rleToBoundary);
