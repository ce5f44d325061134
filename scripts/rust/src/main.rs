//! concurrencybench-rust: the Rust (tokio) runner of ConcurrencyBench, a child of the suite's orchestrator
//! (`cbench runtimes`), which owns the grid, the cases, the budget, the timeouts, verification and the results file.
//! It speaks the protocol concurrencybench-runner/1 (docs/runtimes.md):
//!
//!     concurrencybench-rust --describe     one JSON line: the runtime, the machine, the ops and their labels
//!     concurrencybench-rust --case JSON    prime as told, print {"ready":true}, then one {"burst":{…}} per "burst"
//!                                          line on stdin, until "stop" or the end of stdin
//!
//! Exit codes: 0 stopped; 1 a failure ({"error":"…"} on stdout); 2 a bad command line (one line on stderr).

mod models;
mod system;

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use models::{Spec, DEFAULT_MAX_BLOCKING_THREADS};
use serde_json::{json, Value};
use system::{read_status, reset_peak_rss, rusage};

const PROTOCOL: &str = "concurrencybench-runner/1";

/// The protocol's ops Rust has, with the labels the report shows.
const OPS: [(&str, &str); 8] = [
    ("sleeps", "tokio sleep futures under join_all"),
    ("sleeps-state", "async block holding 1 KiB under join_all"),
    ("spawn-sleeps", "tokio::spawn per sleep, handles awaited"),
    ("offload-default", "spawn_blocking, default pool (at most 512 threads)"),
    ("offload-workers", "spawn_blocking, max_blocking_threads = k"),
    ("sequential", "std::thread::sleep in turn"),
    ("thread-per-call", "std::thread::spawn per call"),
    ("two-sleepers", "sleep(5 s) and sleep(4 s) under join_all"),
];

/// CONCURRENCYBENCH_SLOWDOWN stretches every measured delay (as in the .NET harness: a test's way to make an
/// operation outlast its timeout); 1 in every real run.
fn slowdown() -> f64 {
    std::env::var("CONCURRENCYBENCH_SLOWDOWN").ok().and_then(|v| v.parse::<f64>().ok()).filter(|f| *f > 0.0).unwrap_or(1.0)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Runs one burst. Its threads at the peak: the count the model read when every call it can run at once was in
/// progress (the call that brought the count there read it), else the larger of the counts at its start and end
/// (tokio keeps idle blocking threads for 10 s). No sampler runs beside the burst: its wake-ups would be the burst's
/// context switches.
fn measure(spec: &Spec, rt: Option<&tokio::runtime::Runtime>, scale: f64) -> Result<Value, String> {
    reset_peak_rss();
    let before = read_status();
    let u0 = rusage();
    let t0 = Instant::now();
    let check = spec.run(rt, scale);
    let ns = t0.elapsed().as_nanos() as i64;
    let u1 = rusage();
    let after = read_status();
    let check = check?;
    let mut record = json!({
        "ns": ns,
        "userMs": round3(u1.user_ms - u0.user_ms),
        "systemMs": round3(u1.system_ms - u0.system_ms),
        "voluntarySwitches": u1.voluntary - u0.voluntary,
        "involuntarySwitches": u1.involuntary - u0.involuntary,
        "threads": before.threads.max(after.threads).max(check.threads),
        "threadsAtStart": before.threads,
        // The kernel's high-water mark can miss memory freed without updating it (madvise): the burst's peak is at
        // least what was resident at its start and at its end.
        "peakRssBytes": after.hwm_bytes.max(after.rss_bytes).max(before.rss_bytes),
        "rssAtStartBytes": before.rss_bytes,
        "maxConcurrent": check.max_concurrent,
        "check": check.to_json(),
    });
    if let Some((results, resumed)) = &check.gather {
        record["gather"] = json!({"results": results, "resumed": resumed});
    }
    Ok(record)
}

/// --case's priming: rounds of the op at min(n, cores) jobs, each lasting delay_ms, then a pause of pause_ms.
struct Priming {
    rounds: u64,
    delay_ms: u64,
    pause_ms: u64,
}

/// Reads and checks --case's JSON; the error names what is wrong in one line.
fn parse_case(text: &str) -> Result<(Spec, Priming), String> {
    let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    // Fail closed on a field this runner does not know (a newer orchestrator's): it would be ignored silently.
    let only = |v: &Value, keys: &[&str]| match v.as_object().ok_or("not a JSON object")?.keys().find(|k| !keys.contains(&k.as_str())) {
        Some(key) => Err(format!("unknown field \"{key}\"")),
        None => Ok(()),
    };
    only(&v, &["op", "n", "k", "delayMs", "priming"])?;
    // A count absent is 0; one present must be a whole number of at least 0.
    let count = |v: &Value, key: &str| match v.get(key) {
        None => Ok(0),
        Some(x) => x.as_u64().ok_or(format!("\"{key}\" is {x}, not a whole number of at least 0")),
    };
    let op = v["op"].as_str().ok_or("no \"op\"")?;
    if !OPS.iter().any(|(name, _)| *name == op) {
        return Err(format!("op \"{op}\" is not one of Rust's (see --describe)"));
    }
    let spec = Spec { op: op.to_string(), n: count(&v, "n")? as usize, k: count(&v, "k")? as usize, delay_ms: count(&v, "delayMs")? };
    if spec.delay_ms < 1 || (spec.n < 1 && op != "two-sleepers") || (spec.k < 1 && op == "offload-workers") {
        return Err("delayMs, n (every op but two-sleepers) and k (offload-workers) must be at least 1".into());
    }
    let p = v.get("priming").filter(|p| p.is_object()).ok_or("priming {rounds, delayMs, pauseMs} missing")?;
    only(p, &["rounds", "delayMs", "pauseMs"])?;
    let priming = Priming { rounds: count(p, "rounds")?, delay_ms: count(p, "delayMs")?, pause_ms: count(p, "pauseMs")? };
    Ok((spec, priming))
}

/// Prints one protocol line and flushes it.
fn say(line: &Value) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").and_then(|()| out.flush()).map_err(|e| e.to_string())
}

/// Primes as told, then runs one burst per "burst" line on stdin.
fn child(spec: &Spec, priming: &Priming) -> Result<(), String> {
    {
        // Priming on a runtime of its own, at a size that cannot grow any pool (at most as many jobs as cores, k
        // likewise capped), dropped (outside any async context) before the measured one is built, so the measured
        // runtime's blocking pool starts empty.
        let n = spec.n.min(system::cores());
        let primed = Spec { op: spec.op.clone(), n, k: spec.k.min(n), delay_ms: priming.delay_ms };
        let rt = primed.runtime().map_err(|e| e.to_string())?;
        for _ in 0..priming.rounds {
            primed.run(rt.as_ref(), 1.0)?;
        }
    }
    std::thread::sleep(Duration::from_millis(priming.pause_ms));
    // The runtime the bursts run on: its workers started, no blocking thread yet.
    let rt = spec.runtime().map_err(|e| e.to_string())?;
    let scale = slowdown();
    say(&json!({"ready": true}))?;
    for line in std::io::stdin().lock().lines() {
        // Rust frees as it goes: no collection before a burst.
        match line.map_err(|e| e.to_string())?.trim() {
            "stop" => return Ok(()),
            "burst" => say(&json!({"burst": measure(spec, rt.as_ref(), scale)?}))?,
            other => return Err(format!("unknown command \"{other}\" on stdin (expected burst or stop)")),
        }
    }
    Ok(())
}

fn describe() -> Result<(), String> {
    say(&json!({
        "protocol": PROTOCOL,
        "runtime": {
            "name": "Rust tokio",
            "version": env!("CB_TOKIO_VERSION"),
            "detail": format!("rustc {}, futures {}, crates from Debian", env!("CB_RUSTC_VERSION"), env!("CB_FUTURES_VERSION")),
        },
        "machine": system::machine(),
        "peakRssScope": if reset_peak_rss() { "burst" } else { "process" },
        // What the runtime's workers are sized by: TOKIO_WORKER_THREADS, else the CPUs std sees (affinity and quota).
        "processors": std::env::var("TOKIO_WORKER_THREADS").ok().and_then(|v| v.parse::<usize>().ok()).filter(|n| *n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)),
        "defaultPool": {"threads": DEFAULT_MAX_BLOCKING_THREADS, "rule": "tokio's default limit of blocking threads (Builder::max_blocking_threads)"},
        "timerEarlyMs": 0,
        "ops": OPS.iter().map(|(op, label)| (op.to_string(), json!(label))).collect::<serde_json::Map<_, _>>(),
    }))
}

fn run(args: &[String]) -> i32 {
    let result = match args {
        [flag] if flag == "--describe" => describe(),
        [flag, text] if flag == "--case" => {
            let (spec, priming) = match parse_case(text) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("error: --case: {e}");
                    return 2;
                }
            };
            // A panic anywhere (a thread that cannot be spawned, say) is a failure the orchestrator reads: one line.
            std::panic::set_hook(Box::new(|info| {
                let _ = say(&json!({"error": format!("panic: {info}").replace('\n', " ")}));
                std::process::exit(1);
            }));
            child(&spec, &priming)
        }
        _ => {
            eprintln!("error: usage: concurrencybench-rust --describe | --case JSON");
            return 2;
        }
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            let _ = say(&json!({"error": e}));
            1
        }
    }
}

fn main() {
    std::process::exit(run(&std::env::args().skip(1).collect::<Vec<_>>()));
}
