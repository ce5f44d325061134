#!/usr/bin/env node
// The Node.js runner of ConcurrencyBench: Node's own forms of the suite's loads on a profile's grid, written in the
// runtime-results format, version 2.
//
//   node bench.mjs --grid GRID.json --out RESULTS.json [--budget SECONDS] [--only SUBSTRING]
//
// GRID.json is the profile as `ConcurrencyBench.Benchmarks --profile <p> --describe` writes it. Each case runs its
// repeated bursts in one fresh process and its cold bursts in fresh processes (one burst each); every process primes
// its code path first. The results file is rewritten after every case (complete: false until the end), so an
// interrupted run keeps what finished. Exit codes: 0 every case ran; 1 some case failed (the others are kept);
// 2 bad input (one line on stderr); 130 interrupted.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Piscina from 'piscina';
import { Operation, defaultPoolSize } from './models.mjs';
import { machine, resetPeakRss, status } from './system.mjs';

const FORMAT = 'concurrencybench-runtime-results/2';
const SELF = fileURLToPath(import.meta.url);
const PRIMING_ROUNDS = 3;
const PRIMING_PAUSE_MS = 200;
// Keeps the default profile's whole Node run near its share of run.sh's 35 minutes (about 2.5): 2 s leaves a warm median
// (6 repeated bursts or more) to every case whose bursts last under about 0.3 s.
const DEFAULT_BUDGET = 2;
// Bounds a process's start and priming (before its first burst; a pool of 1,000 workers takes a while to start) and
// the time between bursts.
const SETUP_GRACE_MS = 60_000;
// Added to the operation timeout for the measurement around the operation.
const BURST_GRACE_MS = 2_000;
const PRIMING = "each process runs its case's operation 3 times at min(N, cores) jobs (k likewise capped) with 1 ms delays " +
  '(the pool of k on its own workers, all started before; the default pool on a pool of its own, destroyed before the ' +
  'measured one is made), then waits 200 ms; gc() runs before every burst, outside its measurement';
// CONCURRENCYBENCH_SLOWDOWN stretches every measured delay (as in the .NET harness: a test's way to make an operation
// outlast its timeout); 1 in every real run.
const SLOWDOWN = Number(process.env.CONCURRENCYBENCH_SLOWDOWN) > 0 ? Number(process.env.CONCURRENCYBENCH_SLOWDOWN) : 1;

const round3 = (x) => Math.round(x * 1000) / 1000;
// libuv's timer clock ticks in milliseconds.
const TIMER_TICK_S = 0.001;

// ---------------------------------------------------------------------------------------------------------------------
// A child: one process running one case's bursts, printing "start <i>" before each and its record after it.

async function child(spec, bursts, budgetS) {
  const started = performance.now();
  const cores = machine().logicalCores;
  const primed = { ...spec, n: Math.min(spec.n, cores), delayMs: 1 };
  primed.k = Math.min(spec.k, primed.n);
  let operation;
  if (spec.op === 'offload-workers') {
    // Its k workers are started when the pool is made, as .NET's BoundedExecutor starts its k threads: priming runs
    // on them (at most as many calls as cores, so no worker is added).
    operation = await new Operation(spec).open();
    for (let i = 0; i < PRIMING_ROUNDS; i++) await operation.run(primed, 1);
  } else {
    const warm = await new Operation(primed).open();
    for (let i = 0; i < PRIMING_ROUNDS; i++) await warm.run(primed, 1);
    await warm.close();
    operation = await new Operation(spec).open();
  }
  await sleep(PRIMING_PAUSE_MS);
  for (let i = 0; i < bursts; i++) {
    globalThis.gc?.();
    // One turn of the event loop after the collection: timers start from the loop's cached clock, which must not lag the
    // burst's start by the collection's time.
    await setImmediate();
    process.stdout.write(`start ${i}\n`);
    process.stdout.write(`${JSON.stringify(await measure(operation, spec))}\n`);
    // Past the budget, stop after the second burst (the least a repeated series needs).
    if (i >= 1 && (performance.now() - started) / 1000 > budgetS) break;
  }
  await operation.close();
}

// Runs one burst. Its threads at the peak: the count the model read when every call it can run at once was in progress
// (the call that brought the count there read it), else the larger of the counts at its start and end. No sampler
// runs beside the burst: its wake-ups would be the burst's context switches.
async function measure(operation, spec) {
  resetPeakRss();
  const before = status();
  const u0 = process.resourceUsage();
  const t0 = process.hrtime.bigint();
  const check = await operation.run(spec, SLOWDOWN);
  const ns = Number(process.hrtime.bigint() - t0);
  const u1 = process.resourceUsage();
  const after = status();
  const { threads = 0, gather, maxConcurrent, ...own } = check;
  const record = {
    ns,
    userMs: round3((u1.userCPUTime - u0.userCPUTime) / 1000),
    systemMs: round3((u1.systemCPUTime - u0.systemCPUTime) / 1000),
    voluntarySwitches: u1.voluntaryContextSwitches - u0.voluntaryContextSwitches,
    involuntarySwitches: u1.involuntaryContextSwitches - u0.involuntaryContextSwitches,
    threads: Math.max(before.threads, after.threads, threads),
    threadsAtStart: before.threads,
    // The kernel's high-water mark can miss memory freed without updating it (madvise): the burst's peak is at least
    // what was resident at its start and at its end.
    peakRssBytes: Math.max(after.hwmBytes, after.rssBytes, before.rssBytes),
    rssAtStartBytes: before.rssBytes,
    // The most of the burst's jobs in progress at once: sleeps started and not yet ended, or blocking calls in progress.
    maxConcurrent,
    check: own,
  };
  if (gather) record.gather = gather;
  return record;
}

// ---------------------------------------------------------------------------------------------------------------------
// The cases: twins of the .NET cases (same type, method and parameters), labelled in Node's terms.

function fullName(c) {
  const params = Object.entries(c.parameters).map(([k, v]) => `${k}: ${v}`).join(', ');
  return `ConcurrencyBench.Benchmarks.${c.type}.${c.method}${params ? `(${params})` : ''}`;
}

// Cases left out of a profile by name in Node, each with the reason the run prints, measured on the 2-core development
// machine (as .NET's BenchmarkProfile.LeftOut): ones that cannot run within Node's share of the profile's time, or of
// the machine. Keyed by the case's name without the namespace. The default pool at N = 1,000 is left out for the
// default profile's time only: piscina's default pool here is 3 workers that never grow, so its bursts take
// ceil(N/3)·d (33.6 s against 33.4 s, 101 s of the run on 1 December); the claim on the default executor needs
// 1,000 workers as well, which Node leaves out anyway.
const POOL_256 = 'piscina starts the pool\'s 256 workers, a V8 isolate each, before the burst whatever N is: 2.3 GB resident '
  + 'and about 8 s to start per process (3 per case), for bursts of 0.1 to 0.7 s; k = 64 shows the same model';
const POOL_1000 = 'piscina starts the pool\'s 1,000 workers, a V8 isolate each, before the burst whatever N is: 8.4 GB resident '
  + 'and 25 to 50 s to start per process (3 per case), and at N = 1,000 at most 92 to 113 calls were in progress at once '
  + '(piscina hands calls out more slowly than they end); k = 64 shows the same model';
export const LEFT_OUT = {
  default: {
    'MaxWorkersOffload.BoundedExecutor(N: 10, K: 256, DelayMs: 100)': POOL_256,
    'MaxWorkersOffload.BoundedExecutor(N: 100, K: 256, DelayMs: 100)': POOL_256,
    'MaxWorkersOffload.BoundedExecutor(N: 1000, K: 256, DelayMs: 100)': POOL_256,
    'MaxWorkersOffload.BoundedExecutor(N: 10, K: 1000, DelayMs: 100)': POOL_1000,
    'MaxWorkersOffload.BoundedExecutor(N: 100, K: 1000, DelayMs: 100)': POOL_1000,
    'MaxWorkersOffload.BoundedExecutor(N: 1000, K: 1000, DelayMs: 100)': POOL_1000,
    'DefaultPoolOffload.DefaultThreadPool(N: 1000, DelayMs: 100)': 'piscina\'s default pool has a fixed number of workers '
      + '(3 on a 2-core machine) and never grows, so a burst takes ceil(N/workers)·d: 33.6 s against 33.4 s, 3 bursts and '
      + '101 s of the run; N = 100 shows the same pool',
    'BlockingCalls.ThreadPerCall(N: 1000, DelayMs: 100)': 'a Worker per call, each a V8 isolate that takes tens of ms to '
      + 'start: its bursts took 26 to 43 s, up to 4.9 GB, with at most 35 to 71 of the 1,000 calls in progress at once, so '
      + 'they time Workers starting, not 1,000 threads; N = 100 shows the same model',
  },
};

// The grid's cases, and the ones left out: by name (LEFT_OUT), or because their ideal (a lower bound) is past the
// operation timeout, so that they could only fail. `poolSize` is piscina's default maxThreads here.
export function casesOf(grid, poolSize) {
  const cases = [];
  const leftOut = [];
  const named = LEFT_OUT[grid.name] ?? {};
  const add = (type, method, label, parameters, spec, ideal, bounded = true) => {
    const c = { type, method, label, parameters, spec: { k: 0, ...spec }, ideal };
    // The .NET side's rule (IdealTime): a case whose model guarantees its workers is left out when its ideal breaks
    // the profile's limit; the runtime's default pool is always kept, bounded by the operation timeout only.
    if (bounded && ideal > grid.maxIdealPerOperationSeconds) return;
    const reason = named[fullName(c).slice('ConcurrencyBench.Benchmarks.'.length)];
    if (reason) {
      leftOut.push(`${fullName(c)}: ${reason}`);
      return;
    }
    if (ideal > grid.operationTimeoutSeconds) {
      leftOut.push(`${fullName(c)}: its ideal ${ideal.toFixed(0)} s is past the operation timeout (${grid.operationTimeoutSeconds} s)`);
      return;
    }
    cases.push(c);
  };
  const defaultLabel = `piscina default pool (maxThreads ${poolSize}), Atomics.wait`;
  // A timer's lower bound: libuv's timers read a millisecond clock (the loop's, truncated to the millisecond), so a
  // timer of d may fire up to 1 ms short of d from the moment the burst's clock read. Atomics.wait is not early.
  const timer = (s) => s - TIMER_TICK_S;
  if (grid.name === 'seed') {
    add('SeedExperiments', 'TwoSleepers5sAnd4s', 'setTimeout(5 s) and (4 s) under Promise.all', {}, { op: 'two-sleepers', n: 2, delayMs: 1000 }, timer(5));
    add('SeedExperiments', 'BlockingOffloadDefaultPool', defaultLabel, {}, { op: 'offload-default', n: 1000, delayMs: 1000 }, Math.ceil(1000 / poolSize), false);
    add('SeedExperiments', 'BlockingOffload1000Workers', 'piscina, 1,000 workers, Atomics.wait', {}, { op: 'offload-workers', n: 1000, k: 1000, delayMs: 1000 }, 1);
    add('SeedExperiments', 'AsyncSleeps10000', '10,000 x setTimeout(1 s) under Promise.all', {}, { op: 'sleeps', n: 10000, delayMs: 1000 }, timer(1));
    return { cases, leftOut };
  }
  const d = grid.delayMs;
  const ds = d / 1000;
  // The async delays' d at n (a profile may sleep longer at a million: all-pending).
  const dAt = (n) => grid.asyncDelayMsByJobs?.[String(n)] ?? d;
  for (const n of grid.asyncDelayJobs) {
    add('AsyncDelays', 'TaskDelayWhenAll', 'timers/promises setTimeout under Promise.all', { N: n, DelayMs: dAt(n) }, { op: 'sleeps', n, delayMs: dAt(n) }, timer(dAt(n) / 1000));
  }
  for (const n of grid.asyncDelayJobs) {
    add('AsyncDelays', 'AsyncMethodWithState', 'async function holding 1 KiB under Promise.all', { N: n, DelayMs: dAt(n) }, { op: 'sleeps-state', n, delayMs: dAt(n) }, timer(dAt(n) / 1000));
  }
  for (const n of grid.offloadJobs) {
    add('DefaultPoolOffload', 'DefaultThreadPool', defaultLabel, { N: n, DelayMs: d }, { op: 'offload-default', n, delayMs: d }, Math.ceil(n / poolSize) * ds, false);
    for (const k of grid.workers) {
      add('MaxWorkersOffload', 'BoundedExecutor', 'piscina, minThreads = maxThreads = k, Atomics.wait', { N: n, K: k, DelayMs: d }, { op: 'offload-workers', n, k, delayMs: d }, Math.ceil(n / k) * ds);
    }
  }
  for (const n of grid.blockingJobs) {
    add('BlockingCalls', 'Sequential', 'Atomics.wait in turn on the main thread', { N: n, DelayMs: d }, { op: 'sequential', n, delayMs: d }, n * ds);
    add('BlockingCalls', 'ThreadPerCall', 'new Worker per call, Atomics.wait', { N: n, DelayMs: d }, { op: 'thread-per-call', n, delayMs: d }, ds);
  }
  return { cases, leftOut };
}

// Checks a burst's own report against its model: every result back, no more than k calls at once, within the timeout.
function verify(spec, b, timeoutMs, poolSize) {
  if (!(b.ns > 0)) return `impossible wall time ${b.ns} ns`;
  if (b.ns > timeoutMs * 1e6) return `it took ${(b.ns / 1e9).toFixed(1)} s, past the operation timeout (${timeoutMs / 1000} s)`;
  let want = spec.n;
  if (spec.op === 'two-sleepers') {
    want = 2;
    if (JSON.stringify(b.gather?.results) !== '[0,1]') return 'the join did not return both results in order';
  }
  const { completed, touched } = b.check ?? {};
  const { maxConcurrent } = b;
  if (completed !== want) return `${completed} of ${want} results came back`;
  // Every job counted itself in progress: at least one was, and never more than the model can run at once.
  if (!(Number.isInteger(maxConcurrent) && maxConcurrent >= 1 && maxConcurrent <= want)) return `${maxConcurrent} of its ${want} jobs were in progress at once`;
  if (spec.op === 'offload-workers' && !(maxConcurrent >= 1 && maxConcurrent <= spec.k)) return `the pool of ${spec.k} workers ran ${maxConcurrent} calls at once`;
  if (spec.op === 'offload-default' && !(maxConcurrent >= 1 && maxConcurrent <= poolSize)) return `the default pool of ${poolSize} workers ran ${maxConcurrent} calls at once`;
  if (spec.op === 'sequential' && maxConcurrent !== 1) return 'calls in turn overlapped';
  if (spec.op === 'sleeps-state' && touched !== want) return `${touched} of ${want} buffers were intact and touched after the sleep`;
  return null;
}

// ---------------------------------------------------------------------------------------------------------------------
// The orchestrator: fresh processes per case, results written after every case.

let current = null; // the child running now, killed on an interrupt

// Runs bursts in a fresh process; every operation is bounded by the grid's operation timeout (the child is killed and
// the case fails), and so is the process's start and priming.
function runChild(spec, bursts, budgetS, timeoutMs, poolSize) {
  return new Promise((resolvePromise) => {
    const proc = spawn(process.execPath, ['--expose-gc', SELF, '--child', JSON.stringify(spec), '--bursts', String(bursts), '--budget', String(budgetS)],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    current = proc;
    const records = [];
    let stderr = '';
    let inBurst = -1;
    let failure = null;
    let timer = null;
    const arm = (ms) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        failure = inBurst >= 0
          ? `burst ${inBurst + 1} did not finish within the operation timeout (${timeoutMs / 1000} s): killed (bounded: the case is recorded as failed)`
          : `the process did not start a burst within ${(timeoutMs + SETUP_GRACE_MS) / 1000} s: killed`;
        proc.kill('SIGKILL');
      }, ms);
    };
    arm(timeoutMs + SETUP_GRACE_MS);
    proc.stderr.setEncoding('utf8').on('data', (chunk) => { stderr = (stderr + chunk).slice(-8192); });
    createInterface({ input: proc.stdout }).on('line', (line) => {
      if (failure) return;
      if (line.startsWith('start ')) {
        inBurst = Number(line.slice(6));
        arm(timeoutMs + BURST_GRACE_MS);
        return;
      }
      let record;
      try {
        record = JSON.parse(line);
      } catch (e) {
        failure = `unreadable burst record: ${e.message}`;
        proc.kill('SIGKILL');
        return;
      }
      const wrong = verify(spec, record, timeoutMs, poolSize);
      if (wrong) {
        failure = `burst ${records.length + 1}: ${wrong}`;
        proc.kill('SIGKILL');
        return;
      }
      records.push(record);
      inBurst = -1;
      arm(timeoutMs + SETUP_GRACE_MS);
    });
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      current = null;
      const last = stderr.trim().split('\n').pop()?.trim() || 'no message';
      if (failure) resolvePromise({ error: failure });
      else if (code !== 0) resolvePromise({ error: `exit ${code ?? signal}: ${last}` });
      else if (records.length === 0) resolvePromise({ error: `no burst recorded: ${last}` });
      else resolvePromise({ records });
    });
  });
}

function write(path, doc) {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(doc, null, 1)}\n`);
  renameSync(`${path}.tmp`, path);
}

const GRID_KEYS = ['name', 'delayMs', 'iterations', 'coldLaunches', 'asyncDelayJobs', 'offloadJobs', 'workers', 'blockingJobs',
  'maxIdealPerOperationSeconds', 'operationTimeoutSeconds'];

// Reads and checks the profile's grid; throws an Error whose message names what is wrong in one line.
function readGrid(path) {
  const grid = JSON.parse(readFileSync(path, 'utf8'));
  if (grid === null || typeof grid !== 'object') throw new Error('not a JSON object');
  for (const key of GRID_KEYS) if (!(key in grid)) throw new Error(`no '${key}'`);
  if (typeof grid.name !== 'string') throw new Error("'name' is not a string");
  for (const key of ['delayMs', 'iterations', 'coldLaunches']) if (!Number.isInteger(grid[key])) throw new Error(`'${key}' is not a whole number`);
  for (const key of ['asyncDelayJobs', 'offloadJobs', 'workers', 'blockingJobs']) {
    if (!Array.isArray(grid[key]) || !grid[key].every((v) => Number.isInteger(v) && v >= 1)) throw new Error(`'${key}' is not a list of counts of at least 1`);
  }
  if (grid.asyncDelayMsByJobs !== undefined && (grid.asyncDelayMsByJobs === null || typeof grid.asyncDelayMsByJobs !== 'object'
    || !Object.entries(grid.asyncDelayMsByJobs).every(([n, v]) => /^[1-9][0-9]*$/.test(n) && Number.isInteger(v) && v >= 1))) {
    throw new Error("'asyncDelayMsByJobs' is not an object of counts to delays of at least 1 ms");
  }
  if (grid.budgetSeconds !== undefined && !(Number.isFinite(grid.budgetSeconds) && grid.budgetSeconds > 0)) throw new Error("'budgetSeconds' is not a positive number");
  if (grid.delayMs <= 0 || grid.iterations < 1 || grid.coldLaunches < 0 || !(grid.operationTimeoutSeconds > 0) || typeof grid.maxIdealPerOperationSeconds !== 'number') {
    throw new Error('delayMs, iterations, coldLaunches, maxIdealPerOperationSeconds or operationTimeoutSeconds out of range');
  }
  return grid;
}

class BadInput extends Error {}

async function main(argv) {
  let options;
  // An option's value may look like an option (--budget -1): joined to it, parseArgs takes it as the value.
  const valued = new Set(['--grid', '--out', '--budget', '--only', '--child', '--bursts']);
  const args = argv.flatMap((a, i) => (valued.has(argv[i - 1]) && !argv[i - 1].includes('=') ? [] : valued.has(a) && i + 1 < argv.length ? [`${a}=${argv[i + 1]}`] : [a]));
  try {
    ({ values: options } = parseArgs({
      args,
      options: {
        grid: { type: 'string' }, out: { type: 'string' }, budget: { type: 'string' }, only: { type: 'string' },
        child: { type: 'string' }, bursts: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new BadInput(e.message.split('\n')[0]);
  }
  let budget = options.budget === undefined ? DEFAULT_BUDGET : Number(options.budget);
  if (!(budget > 0) || !Number.isFinite(budget)) throw new BadInput(`--budget must be a positive number of seconds, not ${options.budget}`);
  if (options.child !== undefined) {
    const bursts = Number(options.bursts ?? 1);
    if (!Number.isInteger(bursts) || bursts < 1) throw new BadInput(`--bursts must be a positive whole number, not ${options.bursts}`);
    await child(JSON.parse(options.child), bursts, budget);
    return 0;
  }
  if (!options.grid || !options.out) throw new BadInput('--grid and --out are required');
  let grid;
  try {
    grid = readGrid(options.grid);
  } catch (e) {
    throw new BadInput(`${options.grid}: not a profile grid (${e.message.replace(/\s+/g, ' ').trim()})`);
  }
  // The profile's own budget, unless the command line gave one.
  if (options.budget === undefined && grid.budgetSeconds !== undefined) budget = grid.budgetSeconds;
  const out = resolve(options.out);
  if (existsSync(out)) throw new BadInput(`${options.out} already exists; choose another --out`);
  if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory()) throw new BadInput(`${options.out}: its folder does not exist`);
  const only = options.only ?? '';
  const poolSize = await defaultPoolSize();
  const { cases: all, leftOut } = casesOf(grid, poolSize);
  const cases = all.filter((c) => fullName(c).includes(only));
  if (cases.length === 0) throw new BadInput(`no Node.js case of profile '${grid.name}' matches '${only}'`);
  // As the .NET side prints its leave-outs, prefixed with the runtime.
  for (const reason of leftOut) if (reason.includes(only)) console.log(`node: left out of profile '${grid.name}': ${reason}`);
  const doc = {
    format: FORMAT,
    runtime: { name: 'Node.js', version: process.versions.node, detail: `V8 ${process.versions.v8}, libuv ${process.versions.uv}, piscina ${Piscina.version}` },
    machine: machine(),
    profile: grid.name,
    priming: PRIMING,
    peakRssScope: resetPeakRss() ? 'burst' : 'process',
    complete: false,
    cases: [],
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  const timeoutMs = grid.operationTimeoutSeconds * 1000;
  let failed = 0;
  for (const c of cases) {
    const name = fullName(c);
    // Repeated bursts in one process, then cold bursts in fresh ones, each kind within the budget.
    const repeated = await runChild(c.spec, grid.iterations, budget, timeoutMs, poolSize);
    let error = repeated.error;
    const cold = [];
    if (!error) {
      const coldStarted = performance.now();
      for (let launched = 0; launched < grid.coldLaunches && (launched === 0 || (performance.now() - coldStarted) / 1000 < budget); launched++) {
        const one = await runChild(c.spec, 1, budget, timeoutMs, poolSize);
        if (one.error) {
          error = one.error;
          break;
        }
        cold.push(...one.records);
      }
    }
    if (error) {
      failed++;
      console.error(`node: ${name}: failed: ${error}`);
      continue;
    }
    // A delay of one tick has no lower bound above zero: its case says none (JSON.stringify leaves undefined out).
    doc.cases.push({ type: c.type, method: c.method, label: c.label, parameters: c.parameters, idealSeconds: c.ideal > 0 ? c.ideal : undefined, repeated: repeated.records, cold });
    write(out, doc);
    const ns = [...repeated.records, ...cold].map((b) => b.ns).sort((a, b) => a - b);
    console.log(`node: ${name}: ${repeated.records.length} repeated + ${cold.length} cold bursts, median ${(ns[ns.length >> 1] / 1e6).toFixed(1)} ms`);
  }
  if (doc.cases.length === 0) {
    // A run in which nothing ran writes nothing (the reader refuses a file without a case).
    console.error(`node: no case finished; ${options.out} not written`);
    return 1;
  }
  doc.complete = true;
  write(out, doc);
  console.log(`node: ${doc.cases.length} cases written to ${options.out}; ${failed} failed`);
  return failed ? 1 : 0;
}

function interrupted() {
  current?.kill('SIGKILL');
  console.error('node: interrupted; the results file keeps the cases that finished');
  process.exit(130);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => {
    console.error(`error: ${String(e instanceof BadInput ? e.message : e?.message ?? e).split('\n')[0]}`);
    process.exitCode = e instanceof BadInput ? 2 : 1;
  },
);
