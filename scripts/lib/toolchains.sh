# Sourced by scripts/test.sh (for the tests), scripts/run.sh (for the runtimes a run asks for) and build-runner.sh:
# installs what a runtime's runner or check needs where this machine lacks it, from Debian's packages (as root, or
# through sudo without a password) and from the npm lockfiles, and says in one line what it could not install and why.
#   ensure_toolchains NAME...   NAME: python, node, go, rust, nativeaot, browser (dotnet needs nothing: the SDK runs this)
#     0: everything asked for is here; 1: something is missing, and $toolchains_missing is the one line that says what
#     and why (the caller prints it with what follows for it: skipped tests, a run without that runtime).
#     $toolchains_installed names what it installed. CONCURRENCYBENCH_NO_INSTALL=1 installs nothing (checks only).
#     The log of every install: .build/setup.log.
#   npm_ci_if_stale DIR LOG     npm ci in DIR unless DIR/node_modules already matches DIR/package-lock.json
# Nothing here downloads anything but Debian's packages and the lockfiles' npm packages; each step has a timeout, so a
# machine without a network says so instead of hanging.
toolchains_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
toolchains_missing=""
toolchains_installed=""

# Debian's crate directory, where the Rust runner builds offline (scripts/rust/.cargo/config.toml).
toolchains_crates=/usr/share/cargo/registry

# COMMAND within SECONDS where the machine has timeout(1) (macOS has none), so that no network step can hang here.
toolchains_within() { # seconds command...
  local limit=$1
  shift
  if command -v timeout >/dev/null 2>&1; then timeout "$limit" "$@"; else "$@"; fi
}

npm_ci_if_stale() { # dir log
  local dir=$1 log=$2
  if [ -f "$dir/node_modules/.package-lock.json" ] && [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    return 0
  fi
  (cd "$dir" && toolchains_within 300 npm ci --no-audit --no-fund --loglevel=error) >> "$log" 2>&1
}

# Whether NAME's toolchain is here; the Debian packages that bring it (none for Node.js: Debian 12's is older than the
# runner's 20); and the words for it in the one line.
toolchain_present() { # name
  case "$1" in
    python) command -v python3 >/dev/null 2>&1 ;;
    node) command -v npm >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 20 ] ;;
    go) command -v go >/dev/null 2>&1 ;;
    rust) command -v cargo >/dev/null 2>&1 && compgen -G "$toolchains_crates/tokio-1.*" >/dev/null \
      && compgen -G "$toolchains_crates/futures-0.3*" >/dev/null && compgen -G "$toolchains_crates/serde_json-1.*" >/dev/null ;;
    nativeaot) command -v clang >/dev/null 2>&1 && [ -e /usr/include/zlib.h ] ;;
    browser) [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] ;;
    *) return 0 ;;
  esac
}
toolchain_packages() { # name
  case "$1" in
    python) echo python3 ;;
    go) echo golang-go ;;
    rust) echo librust-tokio-dev librust-futures-dev librust-serde-json-dev; command -v cargo >/dev/null 2>&1 || echo cargo ;;
    nativeaot) echo clang zlib1g-dev ;;
    browser) echo chromium ;;
  esac
}
toolchain_words() { # name
  case "$1" in
    python) echo "python3" ;;
    node) echo "node 20+ and npm" ;;
    go) echo "go" ;;
    rust) echo "cargo with Debian's crates for tokio" ;;
    nativeaot) echo "clang and zlib (NativeAOT's linker)" ;;
    browser) echo "chromium" ;;
  esac
}

# Why apt-get cannot run as root here (printed), or nothing where it can.
toolchains_apt_blocker() {
  [ "${CONCURRENCYBENCH_NO_INSTALL:-}" != 1 ] || { echo "installs are off (CONCURRENCYBENCH_NO_INSTALL=1)"; return; }
  command -v apt-get >/dev/null 2>&1 || { echo "apt-get is not on PATH"; return; }
  [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null || echo "not root, and sudo asks for a password"
}
# apt-get as root (directly, or through sudo without a password), non-interactive, within a time limit.
toolchains_apt() { # seconds apt-get-arguments...
  local limit=$1 as_root=()
  shift
  [ "$(id -u)" -eq 0 ] || as_root=(sudo -n)
  "${as_root[@]+"${as_root[@]}"}" env DEBIAN_FRONTEND=noninteractive timeout "$limit" apt-get -o DPkg::Lock::Timeout=600 "$@"
}
toolchains_join() { # separator words... → the words joined by the separator
  local separator=$1 out=""
  shift
  for word in "$@"; do out="${out:+$out$separator}$word"; done
  printf '%s' "$out"
}

ensure_toolchains() { # name...
  local log="$toolchains_root/.build/setup.log" attempt name dir blocker="" packages=() absent=() still=() npm_failed=()
  mkdir -p "$toolchains_root/.build"
  toolchains_missing=""
  toolchains_installed=""
  for name in "$@"; do
    toolchain_present "$name" && continue
    absent+=("$name")
    # shellcheck disable=SC2207 # package names have no spaces
    packages+=($(toolchain_packages "$name"))
  done
  if [ ${#packages[@]} -gt 0 ]; then
    blocker=$(toolchains_apt_blocker)
    if [ -z "$blocker" ]; then
      attempt=$(mktemp)
      if toolchains_apt 300 update -qq > "$attempt" 2>&1 && toolchains_apt 1200 install -y -q "${packages[@]}" >> "$attempt" 2>&1; then
        toolchains_installed="${packages[*]}"
      else
        # apt-get's first error names the problem (no network, an unknown package, the package lock held too long).
        blocker="apt-get failed: $(grep -m1 '^E: ' "$attempt" | cut -c4-160)"
        [ "$blocker" != "apt-get failed: " ] || blocker="apt-get failed or timed out (see .build/setup.log)"
      fi
      { echo "== $(date -u +%FT%TZ) apt-get install ${packages[*]}"; cat "$attempt"; } >> "$log"
      rm -f "$attempt"
    fi
  fi
  for name in "${absent[@]+"${absent[@]}"}"; do
    toolchain_present "$name" || still+=("$(toolchain_words "$name")")
  done
  # The lockfiles' npm packages: the Node.js runner's (where node is here) and the browser check's.
  for name in "$@"; do
    case "$name" in node) dir=scripts/node ;; browser) dir=tests/browser ;; *) continue ;; esac
    [ "$name" != node ] || toolchain_present node || continue
    if [ "${CONCURRENCYBENCH_NO_INSTALL:-}" = 1 ]; then
      [ -d "$toolchains_root/$dir/node_modules" ] || npm_failed+=("$dir's npm packages (installs are off)")
    elif ! command -v npm >/dev/null 2>&1; then
      npm_failed+=("$dir's npm packages (npm is not on PATH)")
    else
      echo "== $(date -u +%FT%TZ) npm ci in $dir" >> "$log"
      npm_ci_if_stale "$toolchains_root/$dir" "$log" || npm_failed+=("$dir's npm packages (npm ci failed: see .build/setup.log)")
    fi
  done
  [ ${#still[@]} -gt 0 ] || [ ${#npm_failed[@]} -gt 0 ] || return 0
  if [ ${#still[@]} -gt 0 ]; then
    toolchains_missing="$(toolchains_join ', ' "${still[@]}")"
    [ -z "$blocker" ] || toolchains_missing="$toolchains_missing (apt-get install ${packages[*]}: $blocker)"
  fi
  [ ${#npm_failed[@]} -eq 0 ] || toolchains_missing="${toolchains_missing:+$toolchains_missing; }$(toolchains_join ', ' "${npm_failed[@]}")"
  toolchains_missing="missing $toolchains_missing"
  return 1
}
