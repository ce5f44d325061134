#!/usr/bin/env python3
"""The Python runner of ConcurrencyBench: a child of the suite's orchestrator (`cbench runtimes`), speaking the protocol
concurrencybench-runner/1 (docs/runtimes.md). The models are asyncio_models.py; this is the measurement around them.

    asyncio_bench.py --describe     one JSON line: the runtime, the machine, the default executor, the ops' labels
    asyncio_bench.py --case JSON    primes as told, prints {"ready":true}, then runs one burst per line "burst" on
                                    stdin, printing {"burst":{...}} for each, until "stop" or the end of stdin

JSON: {"op":"sleeps","n":1000,"k":0,"delayMs":100,"priming":{"rounds":10,"delayMs":1,"pauseMs":50}}.
Priming runs the op priming.rounds times at min(n, cores) jobs (k capped likewise) of priming.delayMs each on an event
loop and executors of its own, then closes them and sleeps priming.pauseMs: the measured bursts meet a fresh executor
with no worker started (a cold burst is a cold pool, not a cold interpreter: CPython's adaptive specialisation has run).

Every burst records its wall time (time.perf_counter_ns, a monotonic clock), the process's CPU time (user and
system) and voluntary and involuntary context switches (resource.getrusage, the call the .NET side makes), the
threads the process has when it starts and at its peak (once a thread-per-call burst has started all its threads,
else at the burst's end, where executors still hold their workers), its resident memory when it starts and its peak
resident memory during the burst (the kernel's high-water mark, reset at the burst's start through
/proc/self/clear_refs; where that cannot be done, ru_maxrss, the peak since the process started), the most of its jobs
in progress at once and its check (what came back). gc.collect() runs before every burst, outside its measurement.
Exit codes: 0 done; 1 a failure ({"error":"..."} on stdout); 2 a bad command line (one line on stderr).
"""

import asyncio
import gc
import json
import os
import platform
import resource
import sys
import time
import traceback

import asyncio_models as models

PROTOCOL = "concurrencybench-runner/1"
CORES = os.cpu_count() or 1


def _slowdown():
    """CONCURRENCYBENCH_SLOWDOWN stretches every measured delay (as in the .NET harness and the other runners: a test's
    way to make an operation outlast its timeout); 1 in every real run."""
    try:
        factor = float(os.environ.get("CONCURRENCYBENCH_SLOWDOWN", "1"))
    except ValueError:
        return 1.0
    return factor if 0 < factor < float("inf") else 1.0


SLOWDOWN = _slowdown()


class BadInput(Exception):
    """A command line the runner cannot run: one line on stderr, exit code 2."""


def emit(document):
    sys.stdout.write(json.dumps(document, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def reset_peak_rss():
    """Resets the kernel's high-water mark of resident memory (Linux, proc(5)); False where it cannot."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


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
    return {"processor": processor, "logicalCores": CORES, "os": os_name, "architecture": arch}


def describe():
    return {
        "protocol": PROTOCOL,
        "runtime": {"name": "Python", "version": platform.python_version(),
                    "detail": f"{platform.python_implementation()} {sys.version.split()[0]}"},
        "machine": machine(),
        # The kernel's high-water mark can be reset per burst where /proc/self/clear_refs exists (Linux).
        "peakRssScope": "burst" if reset_peak_rss() else "process",
        # What it sizes itself by: os.cpu_count() on 3.11 and 3.12 (neither affinity nor a CPU quota), the CPUs it may
        # use from 3.13, or CONCURRENCYBENCH_PROCESSORS.
        "processors": models.PROCESSORS,
        "defaultPool": {"threads": models.DEFAULT_EXECUTOR_WORKERS, "rule": models.DEFAULT_EXECUTOR_RULE},
        # asyncio's timers run on time.monotonic() in floating point: none fires before its time.
        "timerEarlyMs": 0,
        "ops": models.LABELS,
    }


def parse_case(text):
    """The case JSON of the command line, checked (no field but these, as the Go and Rust runners); raises BadInput
    naming what is wrong."""
    try:
        case = json.loads(text)
    except ValueError as e:
        raise BadInput(f"--case is not JSON ({e})") from None
    if not isinstance(case, dict) or case.get("op") not in models.LABELS:
        raise BadInput(f"--case: 'op' is not one of {', '.join(models.LABELS)}")
    priming = case.get("priming")
    unknown = ((set(case) - {"op", "n", "k", "delayMs", "priming"})
               | (set(priming if isinstance(priming, dict) else ()) - {"rounds", "delayMs", "pauseMs"}))
    if unknown:
        raise BadInput(f"--case: unknown field(s) {', '.join(sorted(unknown))}")
    whole = lambda v, least: isinstance(v, int) and not isinstance(v, bool) and v >= least
    case.setdefault("n", 2 if case["op"] == "two-sleepers" else None)
    case.setdefault("k", 0)
    for name, least in (("n", 1), ("k", 1 if case["op"] == "offload-workers" else 0), ("delayMs", 1)):
        if not whole(case.get(name), least):
            raise BadInput(f"--case: '{name}' is not a whole number of at least {least}: {json.dumps(case.get(name))}")
    if not (isinstance(priming, dict) and all(whole(priming.get(name), 0) for name in ("rounds", "delayMs", "pauseMs"))):
        raise BadInput("--case: 'priming' is not {\"rounds\":R,\"delayMs\":D,\"pauseMs\":P}, whole numbers >= 0")
    return case


def prime(case):
    """Runs the op priming.rounds times at min(n, cores) jobs (k likewise) of priming.delayMs on a loop and executors
    that are then closed, then sleeps priming.pauseMs."""
    priming = case["priming"]
    jobs = min(case["n"], CORES)
    loop = models.new_loop()
    state = {}
    try:
        for _ in range(priming["rounds"]):
            models.run_once(case["op"], jobs, min(case["k"] or 1, jobs), priming["delayMs"] / 1000,
                            loop, state, models.Gauge())
    finally:
        models.close(loop, state)
    time.sleep(priming["pauseMs"] / 1000)


def burst(case, loop, state):
    """One measured burst of the case on `loop`: its record."""
    gc.collect()
    threads_at_start = models.process_threads()
    rss_at_start_kb = models.status_field("VmRSS")
    exact_peak = reset_peak_rss()
    before = resource.getrusage(resource.RUSAGE_SELF)
    gauge = models.Gauge()
    t0 = time.perf_counter_ns()
    # Threads at the burst's peak where the operation reports it (threads it joins before it returns), else the count
    # at its end: executors keep their workers and coroutines add none, so that count is the peak.
    check, peak_threads, observed = models.run_once(case["op"], case["n"], case["k"], case["delayMs"] * SLOWDOWN / 1000,
                                                    loop, state, gauge)
    t1 = time.perf_counter_ns()
    after = resource.getrusage(resource.RUSAGE_SELF)
    hwm_kb = models.status_field("VmHWM") if exact_peak else None
    record = {
        "ns": t1 - t0,
        "userMs": (after.ru_utime - before.ru_utime) * 1000,
        "systemMs": (after.ru_stime - before.ru_stime) * 1000,
        "voluntarySwitches": after.ru_nvcsw - before.ru_nvcsw,
        "involuntarySwitches": after.ru_nivcsw - before.ru_nivcsw,
        "threadsAtStart": threads_at_start,
        "threads": max(models.process_threads(), peak_threads, threads_at_start),
        "rssAtStartBytes": (rss_at_start_kb if rss_at_start_kb is not None else 0) * 1024,
        # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
        "peakRssBytes": hwm_kb * 1024 if hwm_kb is not None
        else after.ru_maxrss * (1 if sys.platform == "darwin" else 1024),
        "maxConcurrent": gauge.max,
        "check": check,
    }
    if observed is not None:
        record["gather"] = observed
    return record


def child(case):
    """Primes, says ready, then runs one burst per "burst" line on stdin until "stop" or its end."""
    prime(case)
    loop = models.new_loop()
    asyncio.set_event_loop(loop)
    state = {}
    try:
        emit({"ready": True})
        for line in sys.stdin:
            command = line.strip()
            if command == "stop":
                break
            if command != "burst":
                raise ValueError(f"unknown command on stdin: {command[:80]!r} (expected burst or stop)")
            emit({"burst": burst(case, loop, state)})
    finally:
        models.close(loop, state)


def main(argv):
    if argv == ["--describe"]:
        emit(describe())
        return 0
    if len(argv) != 2 or argv[0] != "--case":
        raise BadInput("usage: asyncio_bench.py --describe | --case JSON")
    case = parse_case(argv[1])
    try:
        child(case)
    except Exception as e:  # pylint: disable=broad-except  # any failure is one error line for the orchestrator
        traceback.print_exc()
        emit({"error": " ".join(f"{type(e).__name__}: {e}".split())})
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BadInput as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
