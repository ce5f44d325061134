// The operations: one burst each, in Node's own idiom. Each returns what it did (a check, in bench.mjs's burst record)
// so that the orchestrator and the tests can verify the model's semantics (every result came back, no more than k calls
// at once) without reading anything into its timing.
import os from 'node:os';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import Piscina from 'piscina';
import { COUNTERS, checkOf, enter, exit, processThreads } from './gauge.mjs';

/** The buffer each task of the state variant holds across its sleep (twin of .NET's AsyncDelays.AsyncMethodWithState). */
export const STATE_BYTES = 1024;

const CALLS = fileURLToPath(new URL('./calls.mjs', import.meta.url));

/**
 * The processors this process sizes itself by: os.availableParallelism() (libuv's: the CPUs it may run on), or
 * CONCURRENCYBENCH_PROCESSORS (the machine-size sweep, `cbench sizes`: "configured as P cores").
 */
const CONFIGURED = Number.parseInt(process.env.CONCURRENCYBENCH_PROCESSORS ?? '', 10);
export const PROCESSORS = CONFIGURED > 0 ? CONFIGURED : os.availableParallelism();

/**
 * The default pool's options: piscina's own defaults, or, configured as P cores, the sizes piscina 5 derives from P
 * (kDefaultOptions: minThreads max(floor(P / 2), 1), maxThreads P × 1.5).
 */
const DEFAULT_POOL_OPTIONS = CONFIGURED > 0 ? { minThreads: Math.max(Math.floor(CONFIGURED / 2), 1), maxThreads: Math.ceil(CONFIGURED * 1.5) } : {};

/** piscina's default maxThreads on this machine, asked of piscina itself (a pool with no thread started). */
export async function defaultPoolSize() {
  const probe = new Piscina({ filename: CALLS, ...DEFAULT_POOL_OPTIONS, minThreads: 0 });
  const size = probe.options.maxThreads;
  await probe.destroy();
  return Math.ceil(size);
}

/** Where defaultPoolSize's figure comes from (piscina 5's source, dist/index.js: kDefaultOptions). */
export const DEFAULT_POOL_RULE = "piscina's default maxThreads: os.availableParallelism() × 1.5, rounded up (a worker "
  + 'starts while fewer than maxThreads run); the pool never grows past it';

/** Op (protocol concurrencybench-runner/1) -> the label the report shows for Node's form of it. */
export function labels(poolSize) {
  return {
    sleeps: 'timers/promises setTimeout under Promise.all',
    'sleeps-state': 'async function holding 1 KiB under Promise.all',
    'offload-default': `piscina default pool (maxThreads ${poolSize}), Atomics.wait`,
    'offload-workers': 'piscina, minThreads = maxThreads = k, Atomics.wait',
    sequential: 'Atomics.wait in turn on the main thread',
    'thread-per-call': 'new Worker per call, Atomics.wait',
    'two-sleepers': 'setTimeout(5 s) and (4 s) under Promise.all',
  };
}

// The sleeps in progress (started, not yet ended) of the models whose jobs have a body to count in, and the most at once.
// One thread: plain numbers.
const asleep = { current: 0, max: 0 };

function startSleep() {
  asleep.current += 1;
  if (asleep.current > asleep.max) asleep.max = asleep.current;
}

// N timers/promises setTimeout under Promise.all (twin of AsyncDelays.TaskDelayWhenAll); each resolves to its index.
// A promise has no body to count in (a wrapper would add a promise per job to the memory measured), so, as .NET's
// TaskDelayWhenAll does, it counts the sleeps still pending once all have started: every timer is made by the
// synchronous loop below, and no timer's callback (the only way a sleep ends) runs before that loop returns to the event
// loop, so all of them are pending then, however long making a million takes.
async function sleeps(n, d) {
  const pending = Array.from({ length: n }, (_, i) => sleep(d, i));
  const maxConcurrent = pending.length;
  const results = await Promise.all(pending);
  return { completed: results.reduce((ok, r, i) => ok + (r === i ? 1 : 0), 0), maxConcurrent };
}

// An async function that holds a 1 KiB buffer across its sleep: written before it, checked and written after it.
async function holdState(i, d) {
  const buffer = new Uint8Array(STATE_BYTES);
  buffer[0] = i & 0xff;
  buffer[1] = (i >>> 8) & 0xff;
  buffer[2] = (i >>> 16) & 0xff;
  buffer[3] = (i >>> 24) & 0xff;
  startSleep();
  await sleep(d);
  asleep.current -= 1;
  if ((buffer[0] | (buffer[1] << 8) | (buffer[2] << 16) | (buffer[3] << 24)) >>> 0 !== i >>> 0) return false;
  buffer[STATE_BYTES - 1] = 1;
  return buffer[STATE_BYTES - 1] === 1;
}

// N of them under Promise.all (twin of AsyncDelays.AsyncMethodWithState).
async function sleepsWithState(n, d) {
  asleep.current = 0;
  asleep.max = 0;
  const touched = (await Promise.all(Array.from({ length: n }, (_, i) => holdState(i, d)))).filter(Boolean).length;
  return { completed: touched, touched, maxConcurrent: asleep.max };
}

// The seed's first experiment: two async functions sleeping 5 d and 4 d under Promise.all; each returns its index and
// records when it resumed.
async function twoSleepers(d) {
  const resumed = [];
  asleep.current = 0;
  asleep.max = 0;
  const results = await Promise.all([5 * d, 4 * d].map(async (t, i) => {
    startSleep();
    await sleep(t);
    asleep.current -= 1;
    resumed.push(i);
    return i;
  }));
  return { completed: resumed.length, gather: { results, resumed }, maxConcurrent: asleep.max };
}

/**
 * One case's operation in one process: its pool (for the pool models) lives as long as the process, as a .NET
 * process keeps its thread pool between bursts.
 */
export class Operation {
  /** @param {{op: string, n: number, k: number, delayMs: number}} spec */
  constructor(spec) {
    this.spec = spec;
    this.counters = new Int32Array(new SharedArrayBuffer(4 * COUNTERS));
    this.sleeper = new Int32Array(new SharedArrayBuffer(4));
    this.pool = null;
    this.poolSize = 0;
    // The most threads read when a worker thread came online during the burst: a worker's thread lives from before
    // its call to after it, so the gauge alone (calls in progress) can miss the peak.
    this.threadsSeen = 0;
  }

  workerOnline() {
    this.threadsSeen = Math.max(this.threadsSeen, processThreads());
  }

  /**
   * Makes the operation's pool: piscina with minThreads = maxThreads = k for the pool of k (its constructor starts the
   * k workers, as .NET's BoundedExecutor starts its k threads; this waits until all are online), or piscina's
   * defaults for the default pool (its minThreads started and online; more on demand up to maxThreads).
   */
  async open() {
    const { op, k } = this.spec;
    if (op !== 'offload-default' && op !== 'offload-workers') return this;
    const options = { filename: CALLS, workerData: { counters: this.counters.buffer } };
    this.pool = new Piscina(op === 'offload-workers' ? { ...options, minThreads: k, maxThreads: k } : { ...options, ...DEFAULT_POOL_OPTIONS });
    this.poolSize = Math.ceil(this.pool.options.maxThreads);
    this.pool.on('workerCreate', () => this.workerOnline());
    await Promise.all(this.pool.threads.map((worker) => once(worker, 'online')));
    return this;
  }

  async close() {
    if (this.pool) await this.pool.destroy();
    this.pool = null;
  }

  /** Runs `load` (this spec, or a smaller one to prime) once, its delays stretched by `scale`. */
  async run(load, scale) {
    this.threadsSeen = 0;
    const check = await this.#run(load, scale);
    return { ...check, threads: Math.max(check.threads ?? 0, this.threadsSeen) };
  }

  async #run(load, scale) {
    const d = load.delayMs * scale;
    const n = load.n;
    switch (load.op) {
      case 'sleeps':
        return sleeps(n, d);
      case 'sleeps-state':
        return sleepsWithState(n, d);
      case 'two-sleepers':
        return twoSleepers(d);
      case 'offload-default':
      case 'offload-workers': {
        // N blocking calls through the pool, all awaited (twins of DefaultPoolOffload.DefaultThreadPool and
        // MaxWorkersOffload.BoundedExecutor).
        this.counters.fill(0);
        const full = Math.min(n, this.poolSize);
        await Promise.all(Array.from({ length: n }, () => this.pool.run({ delayMs: d, full })));
        return checkOf(this.counters);
      }
      case 'sequential':
        // The N blocking calls in turn on the main thread (twin of BlockingCalls.Sequential).
        this.counters.fill(0);
        for (let i = 0; i < n; i++) {
          enter(this.counters, 1);
          Atomics.wait(this.sleeper, 0, 0, d);
          exit(this.counters);
        }
        return checkOf(this.counters);
      case 'thread-per-call': {
        // A worker thread made for each blocking call, ended with it, all awaited (twin of BlockingCalls.ThreadPerCall):
        // the only OS thread JavaScript can have, and each brings its own V8 isolate.
        this.counters.fill(0);
        const workerData = { oneCall: true, counters: this.counters.buffer, delayMs: d, full: n };
        const workers = Array.from({ length: n }, () => new Worker(CALLS, { workerData }).once('online', () => this.workerOnline()));
        await Promise.all(workers.map((worker) => once(worker, 'exit')));
        return checkOf(this.counters);
      }
      default:
        throw new Error(`unknown operation ${load.op}`);
    }
  }
}
