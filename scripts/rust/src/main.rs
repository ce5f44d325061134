//! concurrencybench-rust: the Rust (tokio) runner of ConcurrencyBench. It runs tokio's and Rust's own forms of the
//! suite's loads on a profile's grid and writes them in the runtime-results format, version 2.
//!
//!     concurrencybench-rust --grid GRID.json --out RESULTS.json [--budget SECONDS] [--only SUBSTRING]
//!
//! GRID.json is the profile as `ConcurrencyBench.Benchmarks --profile <p> --describe` writes it. Each case runs its
//! repeated bursts in one fresh process and its cold bursts in fresh processes (one burst each); every process primes
//! its code path first. The results file is rewritten after every case (complete: false until the end), so an
//! interrupted run keeps what finished. Exit codes: 0 every case ran; 1 some case failed (the others are kept);
//! 2 bad input (one line on stderr); 130 interrupted.

mod models;
mod system;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use models::{Spec, DEFAULT_MAX_BLOCKING_THREADS};
use serde_json::{json, Map, Value};
use system::{read_status, reset_peak_rss, rusage};

const FORMAT: &str = "concurrencybench-runtime-results/2";
const PRIMING_ROUNDS: usize = 3;
/// Rust compiles nothing at run time: the pause only lets the dropped priming runtime's threads end (200 ms cost about
/// 45 s a run).
const PRIMING_PAUSE: Duration = Duration::from_millis(20);
/// Keeps the default profile's whole Rust run within its share of run.sh's 35 minutes (about 2.5): measured here at
/// 3 s per case and kind, it took 168 s (load 8 on 2 cores); 2 s leaves a warm median (6 repeated bursts or more) to
/// every case whose bursts last under about 0.3 s.
const DEFAULT_BUDGET: f64 = 2.0;
/// Bounds a process's start and priming (before its first burst) and the time between bursts.
const SETUP_GRACE: Duration = Duration::from_secs(60);
/// Added to the operation timeout for the measurement around the operation.
const BURST_GRACE: Duration = Duration::from_secs(2);
const PRIMING: &str = "each process runs its case's operation 3 times at min(N, cores) jobs (k likewise capped) with 1 ms \
delays on a tokio runtime of its own, drops it and sleeps 20 ms, then builds the runtime its bursts run on (workers started, \
no blocking thread)";

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_interrupt(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// CONCURRENCYBENCH_SLOWDOWN stretches every measured delay (as in the .NET harness: a test's way to make an
/// operation outlast its timeout); 1 in every real run.
fn slowdown() -> f64 {
    std::env::var("CONCURRENCYBENCH_SLOWDOWN").ok().and_then(|v| v.parse::<f64>().ok()).filter(|f| *f > 0.0).unwrap_or(1.0)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

// ---------------------------------------------------------------------------------------------------------------------
// A child: one process running one case's bursts, printing "start <i>" before each and its record after it.

fn child(spec: &Spec, bursts: usize, budget: Duration) -> Result<(), String> {
    let started = Instant::now();
    {
        // Priming on a runtime of its own, dropped (outside any async context) before the measured one is built, so
        // the measured runtime's blocking pool starts empty.
        let primed = spec.primed(system::cores());
        let rt = primed.runtime().map_err(|e| e.to_string())?;
        for _ in 0..PRIMING_ROUNDS {
            primed.run(rt.as_ref(), 1.0)?;
        }
    }
    std::thread::sleep(PRIMING_PAUSE);
    let rt = spec.runtime().map_err(|e| e.to_string())?;
    let scale = slowdown();
    let stdout = std::io::stdout();
    for i in 0..bursts {
        writeln!(stdout.lock(), "start {i}").map_err(|e| e.to_string())?;
        let burst = measure(spec, rt.as_ref(), scale)?;
        writeln!(stdout.lock(), "{burst}").map_err(|e| e.to_string())?;
        // Past the budget, stop after the second burst (the least a repeated series needs).
        if i >= 1 && started.elapsed() > budget {
            break;
        }
    }
    Ok(())
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

// ---------------------------------------------------------------------------------------------------------------------
// The cases: twins of the .NET cases (same type, method and parameters), labelled in Rust's and tokio's terms.

struct Case {
    type_: &'static str,
    method: &'static str,
    label: String,
    params: Vec<(&'static str, u64)>,
    spec: Spec,
    ideal: f64,
}

impl Case {
    fn full_name(&self) -> String {
        let params: Vec<String> = self.params.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        let name = format!("ConcurrencyBench.Benchmarks.{}.{}", self.type_, self.method);
        if params.is_empty() { name } else { format!("{name}({})", params.join(", ")) }
    }
}

struct Grid {
    name: String,
    delay_ms: u64,
    iterations: usize,
    cold_launches: usize,
    async_delay_jobs: Vec<u64>,
    offload_jobs: Vec<u64>,
    workers: Vec<u64>,
    blocking_jobs: Vec<u64>,
    max_ideal_s: f64,
    timeout_s: f64,
    /// Optional: the async delays' d at an N where it is not `delay_ms` (all-pending sleeps longer at a million).
    async_delay_ms_by_jobs: std::collections::HashMap<u64, u64>,
    /// Optional: the profile's seconds per case and kind past which no more bursts start.
    budget_s: Option<f64>,
}

impl Grid {
    fn async_delay_ms(&self, n: u64) -> u64 {
        *self.async_delay_ms_by_jobs.get(&n).unwrap_or(&self.delay_ms)
    }
}

fn ceil_div(n: u64, k: u64) -> f64 {
    ((n + k - 1) / k) as f64
}

/// The grid's cases, and the ones left out because their ideal (a lower bound) is past the operation timeout, so
/// that they could only fail.
fn cases_of(g: &Grid) -> (Vec<Case>, Vec<String>) {
    let mut cases = Vec::new();
    let mut left_out = Vec::new();
    let mut add = |c: Case, bounded: bool| {
        // The .NET side's rule (IdealTime): a case whose model guarantees its workers is left out when its ideal
        // breaks the profile's limit; the runtime's default pool is always kept, bounded by the operation timeout only.
        if bounded && c.ideal > g.max_ideal_s {
            return;
        }
        if c.ideal > g.timeout_s {
            left_out.push(format!("{}: its ideal {:.0} s is past the operation timeout ({:.0} s)", c.full_name(), c.ideal, g.timeout_s));
            return;
        }
        cases.push(c);
    };
    let spec = |op: &str, n: u64, k: u64, d: u64| Spec { op: op.into(), n: n as usize, k: k as usize, delay_ms: d };
    let default_pool = DEFAULT_MAX_BLOCKING_THREADS as u64;
    if g.name == "seed" {
        add(Case { type_: "SeedExperiments", method: "TwoSleepers5sAnd4s", label: "sleep(5 s) and sleep(4 s) under join_all".into(), params: vec![], spec: spec("two-sleepers", 2, 0, 1000), ideal: 5.0 }, true);
        add(Case { type_: "SeedExperiments", method: "BlockingOffloadDefaultPool", label: "spawn_blocking, default pool (at most 512 threads)".into(), params: vec![], spec: spec("offload-default", 1000, 0, 1000), ideal: ceil_div(1000, default_pool) }, false);
        add(Case { type_: "SeedExperiments", method: "BlockingOffload1000Workers", label: "spawn_blocking, max_blocking_threads = 1,000".into(), params: vec![], spec: spec("offload-workers", 1000, 1000, 1000), ideal: 1.0 }, true);
        add(Case { type_: "SeedExperiments", method: "AsyncSleeps10000", label: "10,000 x sleep(1 s) under join_all".into(), params: vec![], spec: spec("join-sleeps", 10000, 0, 1000), ideal: 1.0 }, true);
        return (cases, left_out);
    }
    let d = g.delay_ms;
    let ds = d as f64 / 1000.0;
    for &n in &g.async_delay_jobs {
        let (d, ds) = (g.async_delay_ms(n), g.async_delay_ms(n) as f64 / 1000.0);
        add(Case { type_: "AsyncDelays", method: "TaskDelayWhenAll", label: "tokio sleep futures under join_all".into(), params: vec![("N", n), ("DelayMs", d)], spec: spec("join-sleeps", n, 0, d), ideal: ds }, true);
    }
    for &n in &g.async_delay_jobs {
        let (d, ds) = (g.async_delay_ms(n), g.async_delay_ms(n) as f64 / 1000.0);
        add(Case { type_: "AsyncDelays", method: "TaskRunWrappedDelay", label: "tokio::spawn per sleep, handles awaited".into(), params: vec![("N", n), ("DelayMs", d)], spec: spec("spawn-sleeps", n, 0, d), ideal: ds }, true);
    }
    for &n in &g.async_delay_jobs {
        let (d, ds) = (g.async_delay_ms(n), g.async_delay_ms(n) as f64 / 1000.0);
        add(Case { type_: "AsyncDelays", method: "AsyncMethodWithState", label: "async block holding 1 KiB under join_all".into(), params: vec![("N", n), ("DelayMs", d)], spec: spec("join-sleeps-state", n, 0, d), ideal: ds }, true);
    }
    for &n in &g.offload_jobs {
        add(Case { type_: "DefaultPoolOffload", method: "DefaultThreadPool", label: "spawn_blocking, default pool (at most 512 threads)".into(), params: vec![("N", n), ("DelayMs", d)], spec: spec("offload-default", n, 0, d), ideal: ceil_div(n, default_pool) * ds }, false);
        for &k in &g.workers {
            add(Case { type_: "MaxWorkersOffload", method: "BoundedExecutor", label: "spawn_blocking, max_blocking_threads = k".into(), params: vec![("N", n), ("K", k), ("DelayMs", d)], spec: spec("offload-workers", n, k, d), ideal: ceil_div(n, k) * ds }, true);
        }
    }
    for &n in &g.blocking_jobs {
        add(Case { type_: "BlockingCalls", method: "Sequential", label: "std::thread::sleep in turn".into(), params: vec![("N", n), ("DelayMs", d)], spec: spec("sequential", n, 0, d), ideal: n as f64 * ds }, true);
        add(Case { type_: "BlockingCalls", method: "ThreadPerCall", label: "std::thread::spawn per call".into(), params: vec![("N", n), ("DelayMs", d)], spec: spec("thread-per-call", n, 0, d), ideal: ds }, true);
    }
    (cases, left_out)
}

/// Checks a burst's own report against its model: every result back, no more than k calls at once, within the timeout.
fn verify(spec: &Spec, b: &Value, timeout: Duration) -> Result<(), String> {
    let ns = b["ns"].as_i64().unwrap_or(0);
    if ns <= 0 {
        return Err(format!("impossible wall time {ns} ns"));
    }
    if ns as u128 > timeout.as_nanos() {
        return Err(format!("it took {:.1} s, past the operation timeout ({:.0} s)", ns as f64 / 1e9, timeout.as_secs_f64()));
    }
    let check = &b["check"];
    let mut want = spec.n as i64;
    if spec.op == "two-sleepers" {
        want = 2;
        if b["gather"]["results"] != json!([0, 1]) {
            return Err("the join did not return both results in order".into());
        }
    }
    let completed = check["completed"].as_i64().unwrap_or(-1);
    if completed != want {
        return Err(format!("{completed} of {want} results came back"));
    }
    // Every job counted itself in progress: at least one was, and never more than the model can run at once.
    let max = b["maxConcurrent"].as_i64().unwrap_or(-1);
    if max < 1 || max > want {
        return Err(format!("{max} of its {want} jobs were in progress at once"));
    }
    match spec.op.as_str() {
        "offload-workers" if max > spec.k as i64 => Err(format!("the pool of {} blocking threads ran {max} calls at once", spec.k)),
        "offload-default" if max > DEFAULT_MAX_BLOCKING_THREADS as i64 => Err(format!("the default pool ran {max} calls at once")),
        "sequential" if max != 1 => Err("calls in turn overlapped".into()),
        "join-sleeps-state" if check["touched"].as_i64() != Some(want) => Err(format!("{} of {want} buffers were intact and touched after the sleep", check["touched"])),
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------------------------------
// The orchestrator: fresh processes per case, results written after every case.

enum ChildError {
    Failed(String),
    Interrupted,
}

/// Runs bursts in a fresh process; every operation is bounded by the grid's operation timeout (the child is killed
/// and the case fails), and so is the process's start and priming.
fn run_child(spec: &Spec, bursts: usize, budget: f64, timeout: Duration) -> Result<Vec<Value>, ChildError> {
    let fail = |m: String| ChildError::Failed(m);
    let exe = std::env::current_exe().map_err(|e| fail(e.to_string()))?;
    let mut child = Command::new(exe)
        .args(["--child", &spec.to_json().to_string(), "--bursts", &bursts.to_string(), "--budget", &budget.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(e.to_string()))?;
    let (tx, rx) = mpsc::channel::<String>();
    let stdout = child.stdout.take().expect("piped stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut stderr = child.stderr.take().expect("piped stderr");
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let last_line = |reader: std::thread::JoinHandle<String>| {
        reader.join().unwrap_or_default().trim().lines().last().unwrap_or("no message").trim().to_string()
    };
    let mut records = Vec::new();
    let mut in_burst: Option<usize> = None;
    let mut deadline = Instant::now() + timeout + SETUP_GRACE;
    loop {
        if INTERRUPTED.load(Ordering::SeqCst) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ChildError::Interrupted);
        }
        let now = Instant::now();
        if now >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(fail(match in_burst {
                Some(i) => format!("burst {} did not finish within the operation timeout ({:.0} s): killed (bounded: the case is recorded as failed)", i + 1, timeout.as_secs_f64()),
                None => format!("the process did not start a burst within {:.0} s: killed", (timeout + SETUP_GRACE).as_secs_f64()),
            }));
        }
        match rx.recv_timeout((deadline - now).min(Duration::from_millis(200))) {
            Ok(line) => {
                if let Some(i) = line.strip_prefix("start ") {
                    in_burst = i.parse().ok();
                    deadline = Instant::now() + timeout + BURST_GRACE;
                    continue;
                }
                let record: Value = match serde_json::from_str(&line) {
                    Ok(v) => v,
                    Err(e) => {
                        let _ = child.kill();
                        let _ = child.wait();
                        return Err(fail(format!("unreadable burst record: {e}")));
                    }
                };
                if let Err(e) = verify(spec, &record, timeout) {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(fail(format!("burst {}: {e}", records.len() + 1)));
                }
                records.push(record);
                in_burst = None;
                deadline = Instant::now() + timeout + SETUP_GRACE;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let status = child.wait().map_err(|e| fail(e.to_string()))?;
    if !status.success() {
        return Err(fail(format!("{status}: {}", last_line(stderr_reader))));
    }
    if records.is_empty() {
        return Err(fail(format!("no burst recorded: {}", last_line(stderr_reader))));
    }
    Ok(records)
}

fn write(path: &str, doc: &Value) -> std::io::Result<()> {
    let temporary = format!("{path}.tmp");
    let mut text = serde_json::to_string_pretty(doc)?;
    text.push('\n');
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)
}

/// Reads and checks the profile's grid; the error names what is wrong in one line.
fn read_grid(path: &str) -> Result<Grid, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let v: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    for key in ["name", "delayMs", "iterations", "coldLaunches", "asyncDelayJobs", "offloadJobs", "workers", "blockingJobs", "maxIdealPerOperationSeconds", "operationTimeoutSeconds"] {
        if v.get(key).is_none() {
            return Err(format!("no '{key}'"));
        }
    }
    let int = |key: &str| v[key].as_u64().ok_or(format!("'{key}' is not a whole number of at least 0"));
    let num = |key: &str| v[key].as_f64().ok_or(format!("'{key}' is not a number"));
    let list = |key: &str| -> Result<Vec<u64>, String> {
        v[key].as_array().ok_or(format!("'{key}' is not a list"))?.iter().map(|x| x.as_u64().filter(|&n| n >= 1).ok_or(format!("'{key}' holds {x}, not a count of at least 1"))).collect()
    };
    let g = Grid {
        name: v["name"].as_str().ok_or("'name' is not a string")?.to_string(),
        delay_ms: int("delayMs")?,
        iterations: int("iterations")? as usize,
        cold_launches: int("coldLaunches")? as usize,
        async_delay_jobs: list("asyncDelayJobs")?,
        offload_jobs: list("offloadJobs")?,
        workers: list("workers")?,
        blocking_jobs: list("blockingJobs")?,
        max_ideal_s: num("maxIdealPerOperationSeconds")?,
        timeout_s: num("operationTimeoutSeconds")?,
        async_delay_ms_by_jobs: match v.get("asyncDelayMsByJobs") {
            None => Default::default(),
            Some(map) => map.as_object().ok_or("'asyncDelayMsByJobs' is not an object")?.iter().map(|(n, d)| {
                match (n.parse::<u64>(), d.as_u64().filter(|&d| d >= 1)) {
                    (Ok(n), Some(d)) => Ok((n, d)),
                    _ => Err(format!("'asyncDelayMsByJobs' holds {n}: {d}, not a count and a delay of at least 1 ms")),
                }
            }).collect::<Result<_, String>>()?,
        },
        budget_s: match v.get("budgetSeconds") {
            None => None,
            Some(b) => Some(b.as_f64().filter(|&b| b > 0.0 && b.is_finite()).ok_or("'budgetSeconds' is not a positive number")?),
        },
    };
    if g.delay_ms == 0 || g.iterations < 1 || !(g.timeout_s > 0.0 && g.timeout_s.is_finite()) {
        return Err("delayMs, iterations or operationTimeoutSeconds out of range".into());
    }
    Ok(g)
}

fn bad(message: String) -> i32 {
    eprintln!("error: {message}");
    2
}

fn run(args: Vec<String>) -> i32 {
    let (mut grid_path, mut out_path, mut only, mut child_spec) = (None, None, String::new(), None);
    let mut budget = DEFAULT_BUDGET;
    let mut budget_given = false;
    let mut bursts = 1usize;
    let mut i = 0;
    while i < args.len() {
        let (name, inline) = match args[i].split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (args[i].clone(), None),
        };
        if !matches!(name.as_str(), "--grid" | "--out" | "--budget" | "--only" | "--child" | "--bursts") {
            return bad(format!("unknown option '{}'", args[i]));
        }
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                match args.get(i) {
                    Some(v) => v.clone(),
                    None => return bad(format!("{name} needs a value")),
                }
            }
        };
        match name.as_str() {
            "--grid" => grid_path = Some(value),
            "--out" => out_path = Some(value),
            "--only" => only = value,
            "--child" => child_spec = Some(value),
            "--budget" => match value.parse::<f64>() {
                Ok(b) if b > 0.0 && b.is_finite() => {
                    budget = b;
                    budget_given = true;
                }
                _ => return bad(format!("--budget must be a positive number of seconds, not {value}")),
            },
            _ => match value.parse::<usize>() {
                Ok(b) if b >= 1 => bursts = b,
                _ => return bad(format!("--bursts must be a positive whole number, not {value}")),
            },
        }
        i += 1;
    }
    if let Some(text) = child_spec {
        let Some(spec) = serde_json::from_str::<Value>(&text).ok().as_ref().and_then(Spec::from_json) else {
            return bad(format!("--child: not an operation: {text}"));
        };
        return match child(&spec, bursts, Duration::from_secs_f64(budget)) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        };
    }
    let (Some(grid_path), Some(out_path)) = (grid_path, out_path) else {
        return bad("--grid and --out are required".into());
    };
    let g = match read_grid(&grid_path) {
        Ok(g) => g,
        Err(e) => return bad(format!("{grid_path}: not a profile grid ({e})")),
    };
    if std::path::Path::new(&out_path).exists() {
        return bad(format!("{out_path} already exists; choose another --out"));
    }
    let folder = std::path::Path::new(&out_path).parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    if !folder.is_dir() {
        return bad(format!("{out_path}: its folder does not exist"));
    }
    // The profile's own budget, unless the command line gave one.
    if let (Some(b), false) = (g.budget_s, budget_given) {
        budget = b;
    }
    let (all, left_out) = cases_of(&g);
    let cases: Vec<&Case> = all.iter().filter(|c| c.full_name().contains(&only)).collect();
    if cases.is_empty() {
        return bad(format!("no Rust case of profile '{}' matches '{only}'", g.name));
    }
    for reason in left_out.iter().filter(|r| r.contains(&only)) {
        // As the .NET side prints its leave-outs, prefixed with the runtime.
        println!("rust: left out of profile '{}': {reason}", g.name);
    }
    // SAFETY: the handler only stores to an atomic.
    unsafe {
        libc::signal(libc::SIGINT, on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t);
    }
    let mut doc = json!({
        "format": FORMAT,
        "runtime": {
            "name": "Rust tokio",
            "version": env!("CB_TOKIO_VERSION"),
            "detail": format!("rustc {}, futures {}, crates from Debian", env!("CB_RUSTC_VERSION"), env!("CB_FUTURES_VERSION")),
        },
        "machine": system::machine(),
        "profile": g.name,
        "priming": PRIMING,
        "peakRssScope": if reset_peak_rss() { "burst" } else { "process" },
        "complete": false,
        "cases": [],
    });
    let timeout = Duration::from_secs_f64(g.timeout_s);
    let mut failed = 0;
    for case in cases {
        let name = case.full_name();
        // Repeated bursts in one process, then cold bursts in fresh ones, each kind within the budget.
        let mut result = run_child(&case.spec, g.iterations, budget, timeout);
        let mut cold = Vec::new();
        if result.is_ok() {
            let cold_started = Instant::now();
            let mut launched = 0;
            while launched < g.cold_launches && (launched == 0 || cold_started.elapsed().as_secs_f64() < budget) {
                match run_child(&case.spec, 1, budget, timeout) {
                    Ok(records) => cold.extend(records),
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
                launched += 1;
            }
        }
        let repeated = match result {
            Err(ChildError::Interrupted) => {
                eprintln!("rust: interrupted; the results file keeps the cases that finished");
                return 130;
            }
            Err(ChildError::Failed(reason)) => {
                failed += 1;
                eprintln!("rust: {name}: failed: {reason}");
                continue;
            }
            Ok(r) => r,
        };
        let mut ns: Vec<i64> = repeated.iter().chain(cold.iter()).map(|b| b["ns"].as_i64().unwrap_or(0)).collect();
        ns.sort_unstable();
        let (r, c) = (repeated.len(), cold.len());
        let mut params = Map::new();
        for (k, v) in &case.params {
            params.insert((*k).into(), json!(v));
        }
        doc["cases"].as_array_mut().expect("cases").push(json!({
            "type": case.type_, "method": case.method, "label": case.label,
            "parameters": params,
            "idealSeconds": case.ideal,
            "repeated": repeated, "cold": cold,
        }));
        if let Err(e) = write(&out_path, &doc) {
            eprintln!("error: {out_path}: {e}");
            return 1;
        }
        println!("rust: {name}: {r} repeated + {c} cold bursts, median {:.1} ms", ns[ns.len() / 2] as f64 / 1e6);
    }
    let written = doc["cases"].as_array().map_or(0, Vec::len);
    if written == 0 {
        // A run in which nothing ran writes nothing (the reader refuses a file without a case).
        eprintln!("rust: no case finished; {out_path} not written");
        return 1;
    }
    doc["complete"] = json!(true);
    if let Err(e) = write(&out_path, &doc) {
        eprintln!("error: {out_path}: {e}");
        return 1;
    }
    println!("rust: {written} cases written to {out_path}; {failed} failed");
    if failed > 0 { 1 } else { 0 }
}

fn main() {
    std::process::exit(run(std::env::args().skip(1).collect()));
}
