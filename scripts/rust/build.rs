// Records what the runner was built with, for the results file's runtime fields: the compiler's version and the
// versions of tokio and futures that Cargo.lock pinned.
use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .unwrap_or_default();
    // "rustc 1.95.0 (f2d3ce0bd 2026-03-21)" -> "1.95.0"
    let version = version.split_whitespace().nth(1).unwrap_or("unknown").to_string();
    println!("cargo:rustc-env=CB_RUSTC_VERSION={version}");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    for name in ["tokio", "futures"] {
        let pinned = lock
            .split("[[package]]")
            .find(|p| p.lines().any(|l| l.trim() == format!("name = \"{name}\"")))
            .and_then(|p| p.lines().find_map(|l| l.trim().strip_prefix("version = \"").map(|v| v.trim_end_matches('"').to_string())))
            .unwrap_or_else(|| "unknown".into());
        println!("cargo:rustc-env=CB_{}_VERSION={pinned}", name.to_uppercase());
    }
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=build.rs");
}
