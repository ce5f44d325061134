//! The operations: one burst each, in Rust's and tokio's own idiom. Each returns what it did (a check) so that the
//! orchestrator and the tests can verify the model's semantics (every result came back, no more than k calls at once)
//! without reading anything into its timing.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::{join_all, FutureExt};
use serde_json::{json, Map, Value};
use tokio::runtime::{Builder, Runtime};
use tokio::time::sleep;

use crate::system::read_status;

/// The buffer each task of the state variant holds across its sleep (twin of .NET's AsyncDelays.AsyncMethodWithState).
pub const STATE_BYTES: usize = 1024;

/// tokio's default limit of blocking threads (Builder::max_blocking_threads): the most spawn_blocking calls its default
/// pool runs at once, so ceil(N/512)·d is the default model's lower bound.
pub const DEFAULT_MAX_BLOCKING_THREADS: usize = 512;

/// What an operation reports about itself; absent fields do not apply to the model.
#[derive(Default)]
pub struct Check {
    /// Jobs whose result came back to the join (or calls that returned).
    pub completed: i64,
    /// The most jobs in progress at once: sleeps started and not yet ended (the sleep models), blocking calls in
    /// progress (the pools, in turn, thread per call). The burst record carries it as "maxConcurrent".
    pub max_concurrent: i64,
    /// The state variant's buffers found intact and written after their sleep.
    pub touched: Option<i64>,
    /// The process's threads where the model knows its peak (0 where it does not).
    pub threads: i64,
    /// The two sleepers' join results (argument order) and the order they resumed in.
    pub gather: Option<(Vec<i64>, Vec<i64>)>,
}

impl Check {
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("completed".into(), json!(self.completed));
        if let Some(v) = self.touched {
            m.insert("touched".into(), json!(v));
        }
        Value::Object(m)
    }
}

/// Counts blocking calls in progress and remembers the most seen at once. The call that brings the count to `full`
/// (all the calls the model can run at once) reads the process's threads: every call in progress then holds a thread,
/// so that is the burst's peak (a thread-per-call burst has joined its threads by its end).
pub struct Gauge {
    current: AtomicI64,
    max: AtomicI64,
    completed: AtomicI64,
    full: i64,
    threads_at_full: AtomicI64,
}

impl Gauge {
    pub fn new(full: usize) -> Arc<Gauge> {
        Arc::new(Gauge {
            current: AtomicI64::new(0),
            max: AtomicI64::new(0),
            completed: AtomicI64::new(0),
            full: full as i64,
            threads_at_full: AtomicI64::new(0),
        })
    }

    pub fn enter(&self) {
        let c = self.current.fetch_add(1, Ordering::SeqCst) + 1;
        if c == self.full && self.threads_at_full.load(Ordering::SeqCst) == 0 {
            self.threads_at_full.store(read_status().threads, Ordering::SeqCst);
        }
        self.max.fetch_max(c, Ordering::SeqCst);
    }

    pub fn exit(&self) {
        self.current.fetch_sub(1, Ordering::SeqCst);
        self.completed.fetch_add(1, Ordering::SeqCst);
    }

    fn check(&self) -> Check {
        Check {
            completed: self.completed.load(Ordering::SeqCst),
            max_concurrent: self.max.load(Ordering::SeqCst),
            threads: self.threads_at_full.load(Ordering::SeqCst),
            ..Check::default()
        }
    }
}

/// Counts the sleeps of the sleep models in progress (started, not yet ended) and the most at once: at a million tasks
/// of 100 ms, spawning them can take longer than one sleeps, so fewer than N are ever asleep together. A static, so that
/// a future counts itself without holding a reference (no byte added to it); a process runs one operation at a time,
/// which resets it. A sleep's start is one atomic addition; its end reads the count it lowers, and the count's highest
/// value is always followed by an end (every sleep ends), so the most at once is the highest count an end lowered (a
/// load, and a fetch_max only while it rises).
pub struct Sleeping {
    current: AtomicI64,
    max: AtomicI64,
}

pub static SLEEPING: Sleeping = Sleeping { current: AtomicI64::new(0), max: AtomicI64::new(0) };

impl Sleeping {
    fn reset(&self) {
        self.current.store(0, Ordering::SeqCst);
        self.max.store(0, Ordering::SeqCst);
    }

    pub fn enter(&self) {
        self.current.fetch_add(1, Ordering::Relaxed);
    }

    pub fn exit(&self) {
        let before = self.current.fetch_sub(1, Ordering::Relaxed);
        if before > self.max.load(Ordering::Relaxed) {
            self.max.fetch_max(before, Ordering::Relaxed);
        }
    }

    fn max(&self) -> i64 {
        self.max.load(Ordering::SeqCst)
    }
}

/// One case's operation, as the orchestrator gives it in --case.
#[derive(Clone)]
pub struct Spec {
    pub op: String,
    pub n: usize,
    pub k: usize,
    pub delay_ms: u64,
}

impl Spec {
    /// The tokio runtime the operation runs on (None for the models that use plain threads): multi-threaded with its
    /// default worker count (the cores), timers on, and for the k-worker pool at most k blocking threads. Built
    /// before a process's bursts: its workers are started, its blocking pool has no thread until a call needs one.
    pub fn runtime(&self) -> std::io::Result<Option<Runtime>> {
        let mut builder = Builder::new_multi_thread();
        builder.enable_time();
        match self.op.as_str() {
            "sequential" | "thread-per-call" => return Ok(None),
            "offload-workers" => {
                builder.max_blocking_threads(self.k.max(1));
            }
            _ => {}
        }
        builder.build().map(Some)
    }

    /// Performs the operation once, its delays stretched by `scale` (the slowdown for a measured burst, 1 to prime).
    pub fn run(&self, rt: Option<&Runtime>, scale: f64) -> Result<Check, String> {
        let d = Duration::from_secs_f64(self.delay_ms as f64 * scale / 1000.0);
        let n = self.n;
        let need = || rt.ok_or_else(|| format!("{} needs a runtime", self.op));
        SLEEPING.reset();
        Ok(match self.op.as_str() {
            "sleeps" => need()?.block_on(join_sleeps(n, d)),
            "spawn-sleeps" => need()?.block_on(spawn_sleeps(n, d)),
            "sleeps-state" => need()?.block_on(join_sleeps_with_state(n, d)),
            "offload-default" => need()?.block_on(offload(n, DEFAULT_MAX_BLOCKING_THREADS, d)),
            "offload-workers" => need()?.block_on(offload(n, self.k, d)),
            "sequential" => sequential(n, d),
            "thread-per-call" => thread_per_call(n, d),
            "two-sleepers" => need()?.block_on(two_sleepers([5 * d, 4 * d])),
            other => return Err(format!("unknown operation {other}")),
        })
    }
}

/// N tokio::time::sleep futures joined with futures::future::join_all, on the thread that blocks on the runtime (no
/// task spawned): twin of AsyncDelays.TaskDelayWhenAll, the "Rust futures" row of the published 1M-task figures. A
/// sleep starts when it is made (its deadline is set then, as Task.Delay's timer starts) and ends when its future
/// completes (the map of a function that captures nothing adds no byte to the future). join_all makes every future
/// before it polls any, so all N are in progress at once however long making them takes.
async fn join_sleeps(n: usize, d: Duration) -> Check {
    let results = join_all((0..n).map(|_| {
        SLEEPING.enter();
        sleep(d).map(|()| SLEEPING.exit())
    }))
    .await;
    Check { completed: results.len() as i64, max_concurrent: SLEEPING.max(), ..Check::default() }
}

/// N tasks made with tokio::spawn, each sleeping, their JoinHandles awaited in turn: twin of
/// AsyncDelays.TaskRunWrappedDelay (a scheduled task per job), the "Rust tokio" row of the published figures.
async fn spawn_sleeps(n: usize, d: Duration) -> Check {
    let handles: Vec<_> = (0..n)
        .map(|i| {
            tokio::spawn(async move {
                SLEEPING.enter();
                sleep(d).await;
                SLEEPING.exit();
                i
            })
        })
        .collect();
    let mut completed = 0;
    for (i, handle) in handles.into_iter().enumerate() {
        if handle.await.ok() == Some(i) {
            completed += 1;
        }
    }
    Check { completed, max_concurrent: SLEEPING.max(), ..Check::default() }
}

/// N async blocks that each hold a 1 KiB heap buffer (written before the sleep, checked and written after it),
/// joined with join_all: twin of AsyncDelays.AsyncMethodWithState.
async fn join_sleeps_with_state(n: usize, d: Duration) -> Check {
    let touched = join_all((0..n).map(|i| async move {
        let mut buffer = vec![0u8; STATE_BYTES];
        buffer[..4].copy_from_slice(&(i as u32).to_le_bytes());
        SLEEPING.enter();
        sleep(d).await;
        SLEEPING.exit();
        if buffer[..4] == (i as u32).to_le_bytes() {
            buffer[STATE_BYTES - 1] = 1;
            buffer[STATE_BYTES - 1] == 1
        } else {
            false
        }
    }))
    .await;
    let t = touched.iter().filter(|&&t| t).count() as i64;
    Check { completed: t, touched: Some(t), max_concurrent: SLEEPING.max(), ..Check::default() }
}

/// N blocking std::thread::sleep calls through tokio::task::spawn_blocking, all awaited: tokio's blocking pool, which
/// adds threads up to the runtime's max_blocking_threads (the pool of k, or the default 512). Twin of
/// MaxWorkersOffload.BoundedExecutor and DefaultPoolOffload.DefaultThreadPool.
async fn offload(n: usize, max_threads: usize, d: Duration) -> Check {
    let gauge = Gauge::new(n.min(max_threads));
    let handles: Vec<_> = (0..n)
        .map(|_| {
            let g = gauge.clone();
            tokio::task::spawn_blocking(move || {
                g.enter();
                std::thread::sleep(d);
                g.exit();
            })
        })
        .collect();
    for handle in handles {
        let _ = handle.await;
    }
    gauge.check()
}

/// The N blocking calls in turn on the calling thread (twin of BlockingCalls.Sequential).
fn sequential(n: usize, d: Duration) -> Check {
    let gauge = Gauge::new(1);
    for _ in 0..n {
        gauge.enter();
        std::thread::sleep(d);
        gauge.exit();
    }
    gauge.check()
}

/// An OS thread per blocking call (std::thread::spawn), all joined (twin of BlockingCalls.ThreadPerCall).
fn thread_per_call(n: usize, d: Duration) -> Check {
    let gauge = Gauge::new(n);
    let threads: Vec<_> = (0..n)
        .map(|_| {
            let g = gauge.clone();
            std::thread::spawn(move || {
                g.enter();
                std::thread::sleep(d);
                g.exit();
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
    gauge.check()
}

/// The seed's first experiment: two async blocks sleeping 5 s and 4 s under join_all; each returns its index and
/// records when it resumed.
async fn two_sleepers(durations: [Duration; 2]) -> Check {
    let resumed = Arc::new(Mutex::new(Vec::new()));
    let results = join_all(durations.iter().enumerate().map(|(i, &d)| {
        let resumed = resumed.clone();
        async move {
            SLEEPING.enter();
            sleep(d).await;
            SLEEPING.exit();
            resumed.lock().unwrap().push(i as i64);
            i as i64
        }
    }))
    .await;
    let resumed = resumed.lock().unwrap().clone();
    Check { completed: resumed.len() as i64, max_concurrent: SLEEPING.max(), gather: Some((results, resumed)), ..Check::default() }
}
