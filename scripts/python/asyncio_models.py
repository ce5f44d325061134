"""The article's own code shapes in Python's idiom (asyncio, its executors, threads): one burst of each operation.

Standard library only. asyncio_bench.py (the runner's harness) runs them and measures them; this file holds no
measurement but each burst's own count of its jobs in progress (the Gauge) and its check (what came back). `state` lives
as long as the event loop (the executors of k kept between bursts, as a .NET process keeps its thread pool).
"""

import asyncio
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

# The default executor of asyncio: ThreadPoolExecutor() with its default max_workers (concurrent/futures/thread.py):
# min(32, CPUs + 4) since 3.8, the CPUs being os.cpu_count() before 3.13 and os.process_cpu_count() from 3.13.
# CONCURRENCYBENCH_PROCESSORS (the machine-size sweep, `cbench sizes`: "configured as P cores") sizes it by the same
# formula from P, as a Python on P cores would; PROCESSORS is what this process sizes itself by.
CONFIGURED_PROCESSORS = int(os.environ.get("CONCURRENCYBENCH_PROCESSORS", "0") or 0)
PROCESSORS = CONFIGURED_PROCESSORS if CONFIGURED_PROCESSORS > 0 else (getattr(os, "process_cpu_count", os.cpu_count)() or 1)
DEFAULT_EXECUTOR_WORKERS = min(32, PROCESSORS + 4)
DEFAULT_EXECUTOR_RULE = ("asyncio's default executor, ThreadPoolExecutor() with its default max_workers: "
                         "min(32, CPUs + 4) (Python 3.8+; the CPUs this process may use from 3.13)")

# Op (protocol concurrencybench-runner/1) -> the label the report shows for Python's form of it.
LABELS = {
    "sleeps": "asyncio.sleep + gather",
    "sleeps-state": "coroutine holding bytearray(1024) + gather",
    "offload-default": f"run_in_executor(None): default executor ({DEFAULT_EXECUTOR_WORKERS} workers)",
    "offload-workers": "run_in_executor(ThreadPoolExecutor(max_workers=k))",
    "sequential": "time.sleep in turn",
    "thread-per-call": "threading.Thread per call",
    "two-sleepers": "asyncio.sleep(5), sleep(4) + gather",
}


def status_field(name):
    """A number of /proc/self/status (Threads; VmRSS, VmHWM in kB); None where there is no /proc."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(name.encode() + b":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def process_threads():
    """Operating-system threads of this process (/proc where there is one, else Python's own threads)."""
    threads = status_field("Threads")
    return threads if threads is not None else threading.active_count()


class Gauge:
    """The burst's jobs in progress and the most at once (the burst record's "maxConcurrent"): sleeps started and not
    yet ended, or blocking calls in progress; and the blocking calls completed. The coroutines, all on the loop's one
    thread, count with plain integers; blocking calls in executor threads count through blocking_sleep, under a lock."""

    def __init__(self):
        self.current = 0
        self.max = 0
        self.completed = 0
        self._lock = threading.Lock()

    def blocking_sleep(self, delay_s):
        """time.sleep(d), counted in progress while it blocks its thread."""
        with self._lock:
            self.current += 1
            self.max = max(self.max, self.current)
        try:
            time.sleep(delay_s)
        finally:
            with self._lock:
                self.current -= 1
                self.completed += 1


async def sleeps(n, delay_s, gauge):
    """asyncio.sleep(d) under gather: the article's first experiment, N at once. Each sleep is a task, as gather makes
    of each coroutine it is given. A bare sleep has no body to count in (a wrapper coroutine would add its frame to the
    memory measured), so, as .NET's TaskDelayWhenAll does, the burst counts the sleeps still pending once all have
    started: the loop's next turn runs every task's first step, which starts its sleep, and then the count, which was
    scheduled after them; no timer fires within that turn. Returns its check: the results gather returned."""
    loop = asyncio.get_running_loop()
    tasks = [loop.create_task(asyncio.sleep(delay_s)) for _ in range(n)]

    def count_pending():
        gauge.max = sum(1 for task in tasks if not task.done())

    loop.call_soon(count_pending)
    return {"completed": len(await asyncio.gather(*tasks))}


async def sleeps_state(n, delay_s, gauge):
    """N coroutines that each hold a bytearray(1024) across asyncio.sleep(d) and touch it after, under gather (twin of
    AsyncDelays.AsyncMethodWithState): each writes its index before the sleep, checks it and writes the last byte after.
    Its check counts the buffers that came back intact and touched."""

    async def holds_state(index):
        buffer = bytearray(1024)
        buffer[0:4] = index.to_bytes(4, "little")
        gauge.current += 1
        if gauge.current > gauge.max:
            gauge.max = gauge.current
        await asyncio.sleep(delay_s)
        gauge.current -= 1
        if int.from_bytes(buffer[0:4], "little") != index:
            return False
        buffer[-1] = 1
        return True

    touched = sum(await asyncio.gather(*[holds_state(i) for i in range(n)]))
    return {"completed": touched, "touched": touched}


async def offload_default(n, delay_s, gauge):
    """N blocking time.sleep(d) offloaded with run_in_executor to the loop's default executor."""
    loop = asyncio.get_running_loop()
    await asyncio.gather(*[loop.run_in_executor(None, gauge.blocking_sleep, delay_s) for _ in range(n)])
    return {"completed": gauge.completed}


async def offload_workers(n, k, delay_s, state, gauge):
    """N blocking time.sleep(d) offloaded to ThreadPoolExecutor(max_workers=k), kept between bursts."""
    executor = state.setdefault(("executor", k), ThreadPoolExecutor(max_workers=k))
    loop = asyncio.get_running_loop()
    await asyncio.gather(*[loop.run_in_executor(executor, gauge.blocking_sleep, delay_s) for _ in range(n)])
    return {"completed": gauge.completed}


def sequential(n, delay_s, gauge):
    """N blocking time.sleep(d) in turn."""
    for _ in range(n):
        gauge.blocking_sleep(delay_s)
    return {"completed": gauge.completed}


def thread_per_call(n, delay_s, gauge):
    """One threading.Thread per blocking call, all started, then all joined. Returns its check and the process's
    threads once all were started: its peak, which the count at the end of the burst (every thread joined) would miss."""
    threads = [threading.Thread(target=gauge.blocking_sleep, args=(delay_s,)) for _ in range(n)]
    for t in threads:
        t.start()
    peak = process_threads()
    for t in threads:
        t.join()
    return {"completed": gauge.completed}, peak


async def two_sleepers(delay_s, gauge):
    """The article's first experiment: sleep(5·d) and sleep(4·d) under gather (d = 1 s in the seed). Returns its check
    and what gather and the waits did."""
    resumed = []

    async def sleeper(index, seconds):
        gauge.current += 1
        gauge.max = max(gauge.max, gauge.current)
        await asyncio.sleep(seconds)
        gauge.current -= 1
        resumed.append(index)
        return index

    results = await asyncio.gather(sleeper(0, 5 * delay_s), sleeper(1, 4 * delay_s))
    return {"completed": len(resumed)}, {"results": list(results), "resumed": resumed}


def run_once(op, n, k, delay_s, loop, state, gauge):
    """One burst of `op` on `loop`, its jobs counted by `gauge`. Returns (check, the peak threads it saw or 0, what a
    gather observed or None)."""
    if op == "sleeps":
        return loop.run_until_complete(sleeps(n, delay_s, gauge)), 0, None
    if op == "sleeps-state":
        return loop.run_until_complete(sleeps_state(n, delay_s, gauge)), 0, None
    if op == "offload-default":
        return loop.run_until_complete(offload_default(n, delay_s, gauge)), 0, None
    if op == "offload-workers":
        return loop.run_until_complete(offload_workers(n, k, delay_s, state, gauge)), 0, None
    if op == "sequential":
        return sequential(n, delay_s, gauge), 0, None
    if op == "thread-per-call":
        check, peak = thread_per_call(n, delay_s, gauge)
        return check, peak, None
    if op == "two-sleepers":
        check, observed = loop.run_until_complete(two_sleepers(delay_s, gauge))
        return check, 0, observed
    raise ValueError(f"unknown operation {op}")


def new_loop():
    """An event loop whose default executor is asyncio's own, or, configured as P cores, ThreadPoolExecutor of the
    default formula's size for P (the executor asyncio would make on P cores)."""
    loop = asyncio.new_event_loop()
    if CONFIGURED_PROCESSORS > 0:
        loop.set_default_executor(ThreadPoolExecutor(max_workers=DEFAULT_EXECUTOR_WORKERS))
    return loop


def close(loop, state):
    """Shuts the loop's executors down (waiting for their workers) and closes it."""
    for key, value in state.items():
        if isinstance(key, tuple) and key[0] == "executor":
            value.shutdown(wait=True)
    loop.run_until_complete(loop.shutdown_default_executor())
    loop.close()
