#!/usr/bin/env python3
"""The article's own code shapes, in Python, on the suite's grid: the Python reference runs of ConcurrencyBench.

Standard library only. Each case is measured the way the .NET cases are:

* repeated bursts: one fresh interpreter runs the case's operation several times in a row (one event loop, one
  executor, kept between bursts, as a .NET process keeps its thread pool);
* cold bursts: one operation in each of several fresh interpreters (independent samples).

Every process primes the case's code path before its first measured burst, as the .NET processes do: it runs the
same operation at a size no pool grows for (at most one job per core, 1 ms each, PRIMING_ROUNDS rounds, so that the
interpreter's adaptive specialisation has run) on an event loop and executors of its own, then closes them, so the
measured burst meets a fresh executor with no worker started: a cold burst is a cold pool, not a cold interpreter.

Every burst records its wall time (time.perf_counter_ns, a monotonic clock), the process's CPU time (user and
system) and voluntary and involuntary context switches (resource.getrusage, the call the .NET side makes), the
threads the process has when it starts and at its peak (once a thread-per-call burst has started all its threads,
else at the burst's end, where executors still hold their workers), its resident memory when it starts and its peak
resident memory during the burst (the kernel's high-water mark, reset at the burst's start through
/proc/self/clear_refs; where that cannot be done, ru_maxrss, the peak since the process started).

Usage:
    asyncio_bench.py --grid GRID.json --out RESULTS.json [--budget SECONDS] [--only SUBSTRING]
                     [--filter PATTERN...] [--any-categories CATEGORY...] [--all-categories CATEGORY...]
    asyncio_bench.py --grid GRID.json --list [--filter ...]     print the selected cases' full names, run nothing

GRID.json is the profile as the benchmark program describes it
(`dotnet ConcurrencyBench.Benchmarks.dll --profile default --describe`). The results file's format is
documented in docs/runtimes.md ("The runtime-results format"); the report reads it beside BenchmarkDotNet's JSON.
The file is rewritten after every case (marked incomplete until the end), so an interrupted run keeps what it finished.
Exit codes: 0 every case ran; 1 some case failed (the others are kept); 2 bad input.
"""

import argparse
import asyncio
import json
import math
import os
import platform
import re
import resource
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

FORMAT = "concurrencybench-runtime-results/2"
# Rounds of priming before a process's first measured burst: past CPython's adaptive specialisation (an instruction
# is specialised after it has run a few times), for every function of the operation.
PRIMING_ROUNDS = 10
PRIMING = (f"before its first measured burst, each process runs the case's operation {PRIMING_ROUNDS} times at "
           "min(N, cores) jobs of 1 ms on an event loop and executors of its own, then closes them")
# Seconds per case and burst kind past which no more bursts (or cold interpreters) start.
DEFAULT_BUDGET = 2.0
# The default executor of asyncio: ThreadPoolExecutor() with its default max_workers (Python 3.8+).
DEFAULT_EXECUTOR_WORKERS = min(32, (os.cpu_count() or 1) + 4)


# ---------------------------------------------------------------------------------------------------------------------
# The operations: one burst each. `state` lives as long as the interpreter (the event loop and the executors); `gauge`
# is the burst's own count of its jobs in progress.

class Gauge:
    """The burst's jobs in progress and the most at once (the file's per-burst "maxConcurrent"): sleeps started and not
    yet ended, or blocking calls in progress. The coroutines, all on the loop's one thread, count with plain integers;
    blocking calls in executor threads count through blocking_sleep, under a lock."""

    def __init__(self):
        self.current = 0
        self.max = 0
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


async def gather_sleeps(n, delay_s, state, gauge):
    """asyncio.sleep(d) under gather: the article's first experiment, N at once. Each sleep is a task, as gather makes
    of each coroutine it is given. A bare sleep has no body to count in (a wrapper coroutine would add its frame to the
    memory measured), so, as .NET's TaskDelayWhenAll does, the burst counts the sleeps still pending once all have
    started: the loop's next turn runs every task's first step, which starts its sleep, and then the count, which was
    scheduled after them; no timer fires within that turn."""
    loop = asyncio.get_running_loop()
    sleeps = [loop.create_task(asyncio.sleep(delay_s)) for _ in range(n)]

    def count_pending():
        gauge.max = sum(1 for task in sleeps if not task.done())

    loop.call_soon(count_pending)
    await asyncio.gather(*sleeps)


async def gather_sleeps_with_state(n, delay_s, state, gauge):
    """N coroutines that each hold a bytearray(1024) across asyncio.sleep(d) and touch it after, under gather (twin of
    AsyncDelays.AsyncMethodWithState): each writes its index before the sleep, checks it and writes the last byte after.
    Fails the burst unless every buffer came back intact and touched."""

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
    if touched != n:
        raise RuntimeError(f"{touched} of {n} buffers were intact and touched after the sleep")


async def offload_default(n, delay_s, state, gauge):
    """N blocking time.sleep(d) offloaded with run_in_executor to the loop's default executor."""
    loop = asyncio.get_running_loop()
    await asyncio.gather(*[loop.run_in_executor(None, gauge.blocking_sleep, delay_s) for _ in range(n)])


async def offload_workers(n, delay_s, k, state, gauge):
    """N blocking time.sleep(d) offloaded to ThreadPoolExecutor(max_workers=k), kept between bursts."""
    executor = state.setdefault(("executor", k), ThreadPoolExecutor(max_workers=k))
    loop = asyncio.get_running_loop()
    await asyncio.gather(*[loop.run_in_executor(executor, gauge.blocking_sleep, delay_s) for _ in range(n)])


def sequential(n, delay_s, state, gauge):
    """N blocking time.sleep(d) in turn."""
    for _ in range(n):
        gauge.blocking_sleep(delay_s)


def thread_per_call(n, delay_s, state, gauge):
    """One threading.Thread per blocking call, all started, then all joined. Returns the process's threads once all
    were started: its peak, which the count at the end of the burst (every thread joined) would miss."""
    threads = [threading.Thread(target=gauge.blocking_sleep, args=(delay_s,)) for _ in range(n)]
    for t in threads:
        t.start()
    peak = process_threads()
    for t in threads:
        t.join()
    return peak


async def two_sleepers(state, gauge):
    """The article's first experiment: sleep(5) and sleep(4) under gather. Returns what gather and the waits did."""
    resumed = []

    async def sleeper(index, seconds):
        gauge.current += 1
        gauge.max = max(gauge.max, gauge.current)
        await asyncio.sleep(seconds)
        gauge.current -= 1
        resumed.append(index)
        return index

    results = await asyncio.gather(sleeper(0, 5.0), sleeper(1, 4.0))
    return {"results": list(results), "resumed": resumed}


# The cases: (type, method) of the .NET twin, a label for Python's form of it, and how to run one burst.
# A case here has the same benchmark type, method and parameters as its .NET twin, so that the report puts both on
# the same chart and in the same ratio table (the runtime tells them apart).
def cases_of(grid):
    d = grid["delayMs"]
    cases = []

    def add(type_, method, label, params, run, ideal_s, bounded=True):
        # The .NET side's rule (IdealTime): a case whose models guarantee a number of workers is left out when its ideal
        # breaks the profile's limit; the runtime's default pool is always kept, bounded by the operation timeout only.
        if bounded and ideal_s > grid["maxIdealPerOperationSeconds"]:
            return
        cases.append({"type": type_, "method": method, "label": label, "parameters": params, "run": run, "ideal": ideal_s})

    if grid["name"] == "seed":
        add("SeedExperiments", "TwoSleepers5sAnd4s", "asyncio.sleep(5), sleep(4) + gather", [], ["two-sleepers"], 5.0)
        add("SeedExperiments", "BlockingOffloadDefaultPool",
            f"run_in_executor(None): default executor ({DEFAULT_EXECUTOR_WORKERS} workers)", [],
            ["offload-default", 1000, 1000], math.ceil(1000 / DEFAULT_EXECUTOR_WORKERS) * 1.0)
        add("SeedExperiments", "BlockingOffload1000Workers", "run_in_executor(ThreadPoolExecutor(max_workers=1000))", [],
            ["offload-workers", 1000, 1000, 1000], 1.0)
        add("SeedExperiments", "AsyncSleeps10000", "10,000 × asyncio.sleep(1) + gather", [], ["gather", 10000, 1000], 1.0)
        return cases
    # The async delays' d at n (a profile may sleep longer at a million: all-pending).
    def d_at(n):
        return grid.get("asyncDelayMsByJobs", {}).get(str(n), d)

    for n in grid["asyncDelayJobs"]:
        add("AsyncDelays", "TaskDelayWhenAll", "asyncio.sleep + gather", [["N", n], ["DelayMs", d_at(n)]], ["gather", n, d_at(n)], d_at(n) / 1000)
    for n in grid["asyncDelayJobs"]:
        add("AsyncDelays", "AsyncMethodWithState", "coroutine holding bytearray(1024) + gather", [["N", n], ["DelayMs", d_at(n)]],
            ["gather-state", n, d_at(n)], d_at(n) / 1000)
    for n in grid["offloadJobs"]:
        add("DefaultPoolOffload", "DefaultThreadPool",
            f"run_in_executor(None): default executor ({DEFAULT_EXECUTOR_WORKERS} workers)",
            [["N", n], ["DelayMs", d]], ["offload-default", n, d], math.ceil(n / DEFAULT_EXECUTOR_WORKERS) * d / 1000,
            bounded=False)
        for k in grid["workers"]:
            add("MaxWorkersOffload", "BoundedExecutor", "run_in_executor(ThreadPoolExecutor(max_workers=k))",
                [["N", n], ["K", k], ["DelayMs", d]], ["offload-workers", n, k, d], math.ceil(n / k) * d / 1000)
    for n in grid["blockingJobs"]:
        add("BlockingCalls", "Sequential", "time.sleep in turn", [["N", n], ["DelayMs", d]], ["sequential", n, d], n * d / 1000)
        add("BlockingCalls", "ThreadPerCall", "threading.Thread per call", [["N", n], ["DelayMs", d]], ["thread-per-call", n, d], d / 1000)
    return cases


# The .NET twins' benchmark categories (benchmarks/ConcurrencyBench.Benchmarks/Categories.cs), for a run filtered by them.
CATEGORIES = {
    "AsyncDelays": "AsyncDelays",
    "DefaultPoolOffload": "Offload",
    "MaxWorkersOffload": "Offload",
    "BlockingCalls": "Blocking",
    "SeedExperiments": "Seed",
}


def glob_matches(patterns, name):
    """BenchmarkDotNet's --filter: glob patterns ('*' any text, '?' one character), a '*' added at the end of a pattern
    without one, matched case-insensitively against the whole full name with its parameters (its GlobFilter)."""
    for pattern in patterns:
        if not pattern.endswith("*"):
            pattern += "*"
        regex = "^" + re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".") + "$"
        if re.match(regex, name, re.IGNORECASE):
            return True
    return False


def selected(case, options):
    """Whether a case is in the run: --only, and the BenchmarkDotNet filters the .NET run was given."""
    name = full_name(case)
    category = CATEGORIES.get(case["type"], "")
    return (options.only in name
            and (not options.filter or glob_matches(options.filter, name))
            and (not options.any_categories or category in options.any_categories)
            and (not options.all_categories or all(c == category for c in options.all_categories)))


def full_name(case):
    params = ", ".join(f"{name}: {value}" for name, value in case["parameters"])
    return f"ConcurrencyBench.Benchmarks.{case['type']}.{case['method']}" + (f"({params})" if params else "")


# ---------------------------------------------------------------------------------------------------------------------
# One interpreter running one case's bursts (a child process of the orchestrator below).

def process_threads():
    """Operating-system threads of this process (/proc where there is one, else Python's own threads)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"Threads:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return threading.active_count()


def peak_rss_bytes(usage):
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    return usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024


def status_kb(field):
    """A field of /proc/self/status in kB (VmRSS, VmHWM); None where there is no /proc."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(field.encode() + b":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def reset_peak_rss():
    """Resets the kernel's high-water mark of resident memory (Linux, proc(5)); False where it cannot."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def run_once(kind, args, loop, state, gauge):
    """One operation, its jobs counted by `gauge`; returns (peak threads it reports or 0, what a gather observed or None)."""
    if kind == "gather":
        loop.run_until_complete(gather_sleeps(args[0], args[1] / 1000, state, gauge))
    elif kind == "gather-state":
        loop.run_until_complete(gather_sleeps_with_state(args[0], args[1] / 1000, state, gauge))
    elif kind == "offload-default":
        loop.run_until_complete(offload_default(args[0], args[1] / 1000, state, gauge))
    elif kind == "offload-workers":
        loop.run_until_complete(offload_workers(args[0], args[2] / 1000, args[1], state, gauge))
    elif kind == "sequential":
        sequential(args[0], args[1] / 1000, state, gauge)
    elif kind == "thread-per-call":
        return thread_per_call(args[0], args[1] / 1000, state, gauge), None
    elif kind == "two-sleepers":
        return 0, loop.run_until_complete(two_sleepers(state, gauge))
    else:
        raise ValueError(f"unknown operation {kind}")
    return 0, None


def priming_args(kind, args):
    """The operation's arguments at the priming size: at most one job per core, 1 ms each (same k)."""
    jobs = max(1, min(args[0], os.cpu_count() or 1)) if kind != "two-sleepers" else 0
    if kind in ("gather", "gather-state", "offload-default", "sequential", "thread-per-call"):
        return [jobs, 1]
    if kind == "offload-workers":
        return [jobs, args[1], 1]
    return []


async def two_sleepers_primed(state):
    async def sleeper(index, seconds):
        await asyncio.sleep(seconds)
        return index
    await asyncio.gather(sleeper(0, 0.002), sleeper(1, 0.001))


def close(loop, state):
    for key, value in state.items():
        if isinstance(key, tuple) and key[0] == "executor":
            value.shutdown(wait=True)
    loop.run_until_complete(loop.shutdown_default_executor())
    loop.close()


def prime(kind, args):
    """Runs the operation PRIMING_ROUNDS times at the priming size on a loop and executors that are then closed."""
    loop = asyncio.new_event_loop()
    state = {}
    try:
        for _ in range(PRIMING_ROUNDS):
            if kind == "two-sleepers":
                loop.run_until_complete(two_sleepers_primed(state))
            else:
                run_once(kind, priming_args(kind, args), loop, state, Gauge())
    finally:
        close(loop, state)


def run_bursts(run, bursts, budget_s):
    """Runs `bursts` operations (at least 2 when repeated, fewer past the budget) and returns one record per burst."""
    kind, args = run[0], run[1:]
    prime(kind, args)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    state = {}
    records = []
    started = time.perf_counter()
    try:
        for i in range(bursts):
            threads_at_start = process_threads()
            rss_at_start_kb = status_kb("VmRSS")
            exact_peak = reset_peak_rss()
            before = resource.getrusage(resource.RUSAGE_SELF)
            gauge = Gauge()
            t0 = time.perf_counter_ns()
            # Threads at the burst's peak where the operation reports it (threads it joins before it returns), else
            # the count at its end: executors keep their workers and coroutines add none, so that count is the peak.
            peak_threads, observed = run_once(kind, args, loop, state, gauge)
            t1 = time.perf_counter_ns()
            after = resource.getrusage(resource.RUSAGE_SELF)
            hwm_kb = status_kb("VmHWM") if exact_peak else None
            record = {
                "ns": t1 - t0,
                "userMs": (after.ru_utime - before.ru_utime) * 1000,
                "systemMs": (after.ru_stime - before.ru_stime) * 1000,
                "voluntarySwitches": after.ru_nvcsw - before.ru_nvcsw,
                "involuntarySwitches": after.ru_nivcsw - before.ru_nivcsw,
                "threadsAtStart": threads_at_start,
                "threads": max(process_threads(), peak_threads, threads_at_start),
                "rssAtStartBytes": (rss_at_start_kb if rss_at_start_kb is not None else 0) * 1024,
                "peakRssBytes": hwm_kb * 1024 if hwm_kb is not None else peak_rss_bytes(after),
                "maxConcurrent": gauge.max,
            }
            if observed is not None:
                record["gather"] = observed
            records.append(record)
            # Past the budget, stop after the second burst (the first is a cold start; the second is the least a
            # repeated series needs to say anything about the warm state).
            if i >= 1 and time.perf_counter() - started > budget_s:
                break
    finally:
        close(loop, state)
    return records


# ---------------------------------------------------------------------------------------------------------------------
# The orchestrator: fresh interpreters per case, results written after every case.

def machine():
    processor = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    processor = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    os_name = platform.system()
    try:
        release = platform.freedesktop_os_release()
        os_name = f"{os_name} {release.get('PRETTY_NAME', '')}".strip()
    except (OSError, AttributeError):
        pass
    arch = {"x86_64": "X64", "amd64": "X64", "aarch64": "Arm64", "arm64": "Arm64"}.get(platform.machine().lower(), platform.machine())
    return {"processor": processor, "logicalCores": os.cpu_count() or 1, "os": os_name, "architecture": arch}


def verify(run, record):
    """Checks a burst's count of its jobs in progress against its model; returns why it cannot be true, or None."""
    kind, args = run[0], run[1:]
    n = 2 if kind == "two-sleepers" else args[0]
    most = record.get("maxConcurrent")
    # Every job counted itself in progress: at least one was, and never more than the model can run at once.
    if not isinstance(most, int) or not 1 <= most <= n:
        return f"{most} of its {n} jobs were in progress at once"
    if kind == "offload-workers" and most > args[1]:
        return f"the executor of {args[1]} workers ran {most} calls at once"
    if kind == "offload-default" and most > DEFAULT_EXECUTOR_WORKERS:
        return f"the default executor of {DEFAULT_EXECUTOR_WORKERS} workers ran {most} calls at once"
    if kind == "sequential" and most != 1:
        return "calls in turn overlapped"
    return None


def child(run, bursts, budget_s, timeout_s):
    """Runs bursts in a fresh interpreter; returns (records, error)."""
    command = [sys.executable, os.path.abspath(__file__), "--child", json.dumps(run), "--bursts", str(bursts), "--budget", str(budget_s)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout_s:.0f} s (bounded: the case is recorded as failed)"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return None, f"exit {done.returncode}: {last}"
    records = json.loads(done.stdout)
    for i, record in enumerate(records):
        wrong = verify(run, record)
        if wrong is not None:
            return None, f"burst {i + 1}: {wrong}"
    return records, None


def write(path, document):
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    os.replace(temporary, path)


class OneLineErrors(argparse.ArgumentParser):
    """Bad options are one line on stderr and exit code 2, as every command of the suite does."""

    def error(self, message):
        print(f"error: {message}", file=sys.stderr)
        sys.exit(2)


def main(argv):
    parser = OneLineErrors(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grid", help="the profile as `ConcurrencyBench.Benchmarks --describe` writes it")
    parser.add_argument("--out", help="the results file to write")
    # 2 s keeps the default profile's Python run near its share of run.sh's 35 minutes (about 5): measured here at 30 s,
    # it took 488 s (load 16 on 2 cores); 2 s leaves a warm median (6 repeated bursts or more) to every case whose bursts
    # last under about 0.3 s, and the slow ones (a million sleeps, the default executor at N = 1,000) run 2 repeated
    # bursts and 1 cold whatever the budget.
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET,
                        help=f"seconds per case and burst kind past which no more bursts start (default {DEFAULT_BUDGET:g}; at least 2 repeated and 1 cold always run)")
    parser.add_argument("--only", default="", help="run only the cases whose full name contains this")
    parser.add_argument("--filter", nargs="+", default=[], help="run only the cases BenchmarkDotNet's --filter with these glob patterns selects")
    parser.add_argument("--any-categories", nargs="+", default=[], help="run only the cases of any of these benchmark categories")
    parser.add_argument("--all-categories", nargs="+", default=[], help="run only the cases of all of these benchmark categories")
    parser.add_argument("--list", action="store_true", help="print the full names of the selected cases and exit")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--bursts", type=int, default=1, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child:
        print(json.dumps(run_bursts(json.loads(options.child), options.bursts, options.budget)))
        return 0
    if not options.grid or not (options.out or options.list):
        print("error: --grid and --out (or --list) are required", file=sys.stderr)
        return 2
    if not (options.budget > 0 and math.isfinite(options.budget)):
        print(f"error: --budget must be a positive number of seconds, not {options.budget}", file=sys.stderr)
        return 2
    try:
        with open(options.grid, encoding="utf-8") as f:
            grid = json.load(f)
        for key in ("name", "delayMs", "iterations", "coldLaunches", "asyncDelayJobs", "offloadJobs", "workers",
                    "blockingJobs", "maxIdealPerOperationSeconds", "operationTimeoutSeconds"):
            if key not in grid:
                raise ValueError(f"no '{key}'")
        if grid["delayMs"] <= 0 or grid["iterations"] < 1 or grid["coldLaunches"] < 0:
            raise ValueError("delayMs, iterations or coldLaunches out of range")
        by_jobs = grid.get("asyncDelayMsByJobs", {})
        if not isinstance(by_jobs, dict) or not all(k.isdigit() and isinstance(v, int) and v >= 1 for k, v in by_jobs.items()):
            raise ValueError("'asyncDelayMsByJobs' is not an object of counts to delays of at least 1 ms")
        if "budgetSeconds" in grid and not (isinstance(grid["budgetSeconds"], (int, float)) and 0 < grid["budgetSeconds"] < math.inf):
            raise ValueError("'budgetSeconds' is not a positive number")
    except (OSError, ValueError, TypeError) as e:
        print(f"error: {options.grid}: not a profile grid ({e})", file=sys.stderr)
        return 2
    cases = [c for c in cases_of(grid) if selected(c, options)]
    if options.list:
        for case in cases:
            print(full_name(case))
        return 0
    if os.path.exists(options.out):
        print(f"error: {options.out} already exists; choose another --out", file=sys.stderr)
        return 2
    if not cases:
        asked = " ".join([options.only] + options.filter + options.any_categories + options.all_categories).strip()
        print(f"error: no Python case of profile '{grid['name']}' matches '{asked}'", file=sys.stderr)
        return 2
    document = {
        "format": FORMAT,
        "priming": PRIMING,
        # The kernel's high-water mark can be reset per burst where /proc/self/clear_refs exists (Linux).
        "peakRssScope": "burst" if reset_peak_rss() else "process",
        "runtime": {"name": "Python", "version": platform.python_version(), "detail": f"{platform.python_implementation()} {sys.version.split()[0]}"},
        "machine": machine(),
        "profile": grid["name"],
        "complete": False,
        "cases": [],
    }
    failed = 0
    timeout = float(grid["operationTimeoutSeconds"])
    # The profile's own budget, unless the command line gave one.
    if "budgetSeconds" in grid and not any(a == "--budget" or a.startswith("--budget=") for a in (argv if argv is not None else sys.argv[1:])):
        options.budget = float(grid["budgetSeconds"])
    for case in cases:
        name = full_name(case)
        # Repeated bursts in one interpreter, then cold bursts in fresh ones, each kind within the budget.
        repeated, error = child(case["run"], grid["iterations"], options.budget, timeout * grid["iterations"] + 60)
        cold = []
        if error is None:
            first = repeated[0]["ns"] / 1e9
            launches = max(1, min(grid["coldLaunches"], int(options.budget // max(first, 1e-3))))
            for _ in range(launches):
                records, error = child(case["run"], 1, options.budget, timeout + 60)
                if error is not None:
                    break
                cold.extend(records)
        if error is not None:
            failed += 1
            print(f"python: {name}: failed: {error}", file=sys.stderr)
            continue
        document["cases"].append({
            "type": case["type"], "method": case["method"], "label": case["label"],
            "parameters": {k: v for k, v in case["parameters"]},
            "idealSeconds": case["ideal"],
            "repeated": repeated, "cold": cold,
        })
        write(options.out, document)
        median = sorted(r["ns"] for r in repeated + cold)[len(repeated + cold) // 2] / 1e6
        print(f"python: {name}: {len(repeated)} repeated + {len(cold)} cold bursts, median {median:.1f} ms", flush=True)
    document["complete"] = True
    write(options.out, document)
    print(f"python: {len(document['cases'])} cases written to {options.out}; {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("python: interrupted; the results file keeps the cases that finished", file=sys.stderr)
        sys.exit(130)
