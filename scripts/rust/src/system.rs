//! What the process and the machine look like: /proc/self/status, the peak-RSS reset, getrusage, /proc/cpuinfo.

use serde_json::{json, Value};

/// One read of /proc/self/status.
#[derive(Default, Clone, Copy)]
pub struct Status {
    pub threads: i64,
    pub rss_bytes: i64,
    pub hwm_bytes: i64,
}

pub fn read_status() -> Status {
    let mut s = Status::default();
    let Ok(text) = std::fs::read_to_string("/proc/self/status") else { return s };
    for line in text.lines() {
        let field = |prefix: &str| -> Option<i64> { line.strip_prefix(prefix)?.split_whitespace().next()?.parse().ok() };
        if let Some(v) = field("Threads:") {
            s.threads = v;
        } else if let Some(v) = field("VmRSS:") {
            s.rss_bytes = v * 1024;
        } else if let Some(v) = field("VmHWM:") {
            s.hwm_bytes = v * 1024;
        }
    }
    s
}

/// Makes VmHWM the peak since now (Linux: "5" written to /proc/self/clear_refs); false where it cannot.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// getrusage(RUSAGE_SELF): CPU times in milliseconds and the voluntary and involuntary context switches.
pub struct Usage {
    pub user_ms: f64,
    pub system_ms: f64,
    pub voluntary: i64,
    pub involuntary: i64,
}

pub fn rusage() -> Usage {
    // SAFETY: getrusage writes the struct it is given and nothing else.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    Usage { user_ms: ms(ru.ru_utime), system_ms: ms(ru.ru_stime), voluntary: ru.ru_nvcsw as i64, involuntary: ru.ru_nivcsw as i64 }
}

/// The machine as the Python runner names it: the processor from /proc/cpuinfo's "model name", the logical cores,
/// the OS with its PRETTY_NAME, the architecture in .NET's terms.
pub fn machine() -> Value {
    let mut processor = std::env::consts::ARCH.to_string();
    let mut cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    if let Ok(text) = std::fs::read_to_string("/proc/cpuinfo") {
        if let Some(name) = text.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split_once(':')) {
            processor = name.1.trim().to_string();
        }
        let processors = text.lines().filter(|l| l.starts_with("processor")).count();
        if processors > 0 {
            cores = processors;
        }
    }
    let mut os = match std::env::consts::OS {
        "linux" => "Linux".to_string(),
        other => other.to_string(),
    };
    for path in ["/etc/os-release", "/usr/lib/os-release"] {
        if let Ok(text) = std::fs::read_to_string(path) {
            if let Some(pretty) = text.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=")) {
                os = format!("{os} {}", pretty.trim_matches(|c| c == '"' || c == '\''));
            }
            break;
        }
    }
    let architecture = match std::env::consts::ARCH {
        "x86_64" => "X64",
        "aarch64" => "Arm64",
        other => other,
    };
    json!({"processor": processor, "logicalCores": cores, "os": os.trim(), "architecture": architecture})
}

/// The logical cores as machine() counts them.
pub fn cores() -> usize {
    machine()["logicalCores"].as_u64().unwrap_or(1) as usize
}
