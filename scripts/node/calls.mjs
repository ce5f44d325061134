// A blocking call in a worker thread, as piscina's task (the default export) and as a worker made for one call (run
// when the file is a Worker's entry with workerData.oneCall). Atomics.wait on a SharedArrayBuffer is Node's blocking
// sleep: it holds the worker's thread for d. Each call counts itself in the burst's shared counters (see gauge.mjs),
// so that the runner can check that a pool of k never ran more than k calls at once.
import { isMainThread, workerData } from 'node:worker_threads';
import { enter, exit } from './gauge.mjs';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const counters = isMainThread ? null : new Int32Array(workerData.counters);

/** One blocking call of `delayMs`; `full` is the most calls the model can run at once. */
export default function blockingCall({ delayMs, full }) {
  enter(counters, full);
  Atomics.wait(sleeper, 0, 0, delayMs);
  exit(counters);
}

if (!isMainThread && workerData.oneCall) {
  blockingCall(workerData);
}
