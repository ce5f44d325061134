#!/usr/bin/env node
// The Node.js runner of ConcurrencyBench: a child of the suite's orchestrator (`cbench runtimes`), speaking the protocol
// concurrencybench-runner/1 (docs/runtimes.md). The models are models.mjs (with calls.mjs and gauge.mjs); this is the
// measurement around them.
//
//   node --expose-gc bench.mjs --describe     one JSON line: the runtime, the machine, piscina's default pool, the ops' labels
//   node --expose-gc bench.mjs --case JSON    primes as told, prints {"ready":true}, then for each line "burst" on stdin
//                                             runs one burst and prints {"burst":{...}}; "stop" or the end of stdin ends it
//
// JSON: {"op":"sleeps","n":1000,"k":0,"delayMs":100,"priming":{"rounds":10,"delayMs":1,"pauseMs":50}}. Priming runs the
// op priming.rounds times at min(n, cores) jobs (k capped likewise) of priming.delayMs each (the pool of k on its own
// workers, all started before; the default pool on a pool of its own, destroyed before the measured one is made), then
// waits priming.pauseMs. gc() runs before every burst (when --expose-gc exposes it), outside its measurement.
// Exit codes: 0 done; 1 a failure ({"error":"..."} on stdout); 2 a bad command line (one line on stderr).
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import Piscina from 'piscina';
import { DEFAULT_POOL_RULE, Operation, PROCESSORS, defaultPoolSize, labels } from './models.mjs';
import { machine, resetPeakRss, status } from './system.mjs';

const PROTOCOL = 'concurrencybench-runner/1';
const OPS = Object.keys(labels(0));
// CONCURRENCYBENCH_SLOWDOWN stretches every measured delay (as in the .NET harness: a test's way to make an operation
// outlast its timeout); 1 in every real run.
const SLOWDOWN = Number(process.env.CONCURRENCYBENCH_SLOWDOWN) > 0 ? Number(process.env.CONCURRENCYBENCH_SLOWDOWN) : 1;

const round3 = (x) => Math.round(x * 1000) / 1000;
// Pipes are written synchronously on Linux: a line is out before the next statement runs.
const emit = (document) => process.stdout.write(`${JSON.stringify(document)}\n`);

class BadInput extends Error {}

async function describe() {
  const poolSize = await defaultPoolSize();
  return {
    protocol: PROTOCOL,
    runtime: { name: 'Node.js', version: process.versions.node, detail: `V8 ${process.versions.v8}, libuv ${process.versions.uv}, piscina ${Piscina.version}` },
    machine: machine(),
    peakRssScope: resetPeakRss() ? 'burst' : 'process',
    processors: PROCESSORS,
    defaultPool: { threads: poolSize, rule: DEFAULT_POOL_RULE },
    // libuv's timers read a millisecond clock (the loop's, truncated to the millisecond), so a timer of d may fire up
    // to 1 ms short of d from the moment the burst's clock read. Atomics.wait is not early.
    timerEarlyMs: 1,
    ops: labels(poolSize),
  };
}

// The case JSON of the command line, checked (no field but these, as the Go and Rust runners); throws BadInput naming
// what is wrong.
function parseCase(text) {
  let spec;
  try {
    spec = JSON.parse(text);
  } catch (e) {
    throw new BadInput(`--case is not JSON (${e.message})`);
  }
  if (spec === null || typeof spec !== 'object' || !OPS.includes(spec.op)) throw new BadInput(`--case: 'op' is not one of ${OPS.join(', ')}`);
  const p = spec.priming;
  const unknown = [...Object.keys(spec).filter((f) => !['op', 'n', 'k', 'delayMs', 'priming'].includes(f)),
    ...Object.keys(p !== null && typeof p === 'object' ? p : {}).filter((f) => !['rounds', 'delayMs', 'pauseMs'].includes(f))];
  if (unknown.length > 0) throw new BadInput(`--case: unknown field(s) ${unknown.join(', ')}`);
  spec.n ??= spec.op === 'two-sleepers' ? 2 : undefined;
  spec.k ??= 0;
  for (const [name, least] of [['n', 1], ['k', spec.op === 'offload-workers' ? 1 : 0], ['delayMs', 1]]) {
    if (!(Number.isInteger(spec[name]) && spec[name] >= least)) throw new BadInput(`--case: '${name}' is not a whole number of at least ${least}: ${JSON.stringify(spec[name])}`);
  }
  if (!(p && ['rounds', 'delayMs', 'pauseMs'].every((f) => Number.isInteger(p[f]) && p[f] >= 0))) {
    throw new BadInput('--case: \'priming\' is not {"rounds":R,"delayMs":D,"pauseMs":P}, whole numbers >= 0');
  }
  return spec;
}

// Primes as told and returns the operation the bursts run on.
async function prime(spec) {
  const { rounds, delayMs, pauseMs } = spec.priming;
  const primed = { ...spec, n: Math.min(spec.n, machine().logicalCores), delayMs };
  primed.k = Math.min(spec.k, primed.n);
  let operation;
  if (spec.op === 'offload-workers') {
    // Its k workers are started when the pool is made, as .NET's BoundedExecutor starts its k threads: priming runs
    // on them (at most as many calls as cores, so no worker is added).
    operation = await new Operation(spec).open();
    for (let i = 0; i < rounds; i++) await operation.run(primed, 1);
  } else {
    if (rounds > 0) {
      const warm = await new Operation(primed).open();
      for (let i = 0; i < rounds; i++) await warm.run(primed, 1);
      await warm.close();
    }
    operation = await new Operation(spec).open();
  }
  await sleep(pauseMs);
  return operation;
}

// Runs one burst. Its threads at the peak: the count the model read when every call it can run at once was in progress
// (the call that brought the count there read it), else the larger of the counts at its start and end. No sampler
// runs beside the burst: its wake-ups would be the burst's context switches.
async function measure(operation, spec) {
  globalThis.gc?.();
  // One turn of the event loop after the collection: timers start from the loop's cached clock, which must not lag the
  // burst's start by the collection's time.
  await setImmediate();
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

// stdin, one line at a time: a line is asked for only between bursts, and the stream is paused from a line's arrival
// until the next is asked for (the orchestrator writes nothing while a burst runs, so the pipe wakes nothing then).
// Resolves null at its end.
function lineReader() {
  let buffered = '';
  let ended = false;
  let waiting = null;
  const deliver = () => {
    const at = buffered.indexOf('\n');
    if (!waiting || (at < 0 && !ended)) return;
    const line = at < 0 ? (buffered || null) : buffered.slice(0, at);
    buffered = at < 0 ? '' : buffered.slice(at + 1);
    process.stdin.pause();
    const resolve = waiting;
    waiting = null;
    resolve(line?.trim() ?? null);
  };
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { buffered += chunk; deliver(); }).on('end', () => { ended = true; deliver(); }).pause();
  return () => new Promise((resolve) => {
    waiting = resolve;
    deliver();
    if (waiting) process.stdin.resume();
  });
}

async function child(spec) {
  const operation = await prime(spec);
  const nextLine = lineReader();
  emit({ ready: true });
  for (let line = await nextLine(); line !== null && line !== 'stop'; line = await nextLine()) {
    if (line !== 'burst') throw new Error(`unknown command on stdin: ${JSON.stringify(line.slice(0, 80))} (expected burst or stop)`);
    emit({ burst: await measure(operation, spec) });
  }
  await operation.close();
}

// Any failure of a child, thrown or not caught anywhere: one error line for the orchestrator, the stack on stderr.
function fail(e) {
  console.error(e?.stack ?? e);
  emit({ error: String(e?.message ?? e).replace(/\s+/g, ' ').trim() });
  process.exit(1);
}

async function main(argv) {
  if (argv.length === 1 && argv[0] === '--describe') {
    emit(await describe());
    return;
  }
  if (argv.length !== 2 || argv[0] !== '--case') throw new BadInput('usage: bench.mjs --describe | --case JSON');
  const spec = parseCase(argv[1]);
  process.on('uncaughtException', fail).on('unhandledRejection', fail);
  await child(spec).catch(fail);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e) => {
    console.error(`error: ${String(e instanceof BadInput ? e.message : e?.message ?? e).split('\n')[0]}`);
    process.exit(e instanceof BadInput ? 2 : 1);
  },
);
