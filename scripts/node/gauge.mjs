// Counts blocking calls in progress across threads, in an Int32Array over a SharedArrayBuffer:
// [0] calls in progress, [1] the most seen at once, [2] calls completed, [3] the process's threads read by the call that
// brought the count to `full` (every call then holds a thread of its own, so that is the burst's peak).
import { readFileSync } from 'node:fs';

export const COUNTERS = 4;

/** The process's OS threads (/proc/self/status), 0 where there is no /proc. */
export function processThreads() {
  try {
    const match = /^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'latin1'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export function enter(counters, full) {
  const current = Atomics.add(counters, 0, 1) + 1;
  if (current === full && Atomics.compareExchange(counters, 3, 0, -1) === 0) {
    Atomics.store(counters, 3, processThreads());
  }
  for (let seen = Atomics.load(counters, 1); current > seen;) {
    const previous = Atomics.compareExchange(counters, 1, seen, current);
    if (previous === seen) break;
    seen = previous;
  }
}

export function exit(counters) {
  Atomics.sub(counters, 0, 1);
  Atomics.add(counters, 2, 1);
}

/** What the counters hold after a burst, as the burst's check. */
export function checkOf(counters) {
  return { completed: Atomics.load(counters, 2), maxConcurrent: Atomics.load(counters, 1), threads: Math.max(0, Atomics.load(counters, 3)) };
}
