#!/usr/bin/env bash
# The tests, on any machine with the .NET SDK: first installs what they need where it is missing (scripts/lib/toolchains.sh:
# Python, Go, cargo and Debian's crates for tokio, Chromium, and the npm lockfiles of scripts/node and tests/browser),
# then runs `dotnet test ConcurrencyBench.sln -c Release` with any further arguments (--filter, --logger, ...).
#   scripts/test.sh [dotnet test arguments...]
# What cannot be installed here (no root, no network; CONCURRENCYBENCH_NO_INSTALL=1 tries nothing) is named in one line,
# and the tests that need it are reported as skipped with that reason. Under CI (CI=true) such a test fails instead, and
# so does this script when anything was skipped. Ends with "tests: N passed, N failed, N skipped"; exit code: dotnet
# test's (1 under CI when a test was skipped).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/toolchains.sh
. "$root/scripts/lib/toolchains.sh"

under_ci=no
case "${CI:-}" in true|TRUE|True|1) under_ci=yes ;; esac

started=$(date +%s)
if ! ensure_toolchains python node go rust browser; then
  if [ $under_ci = yes ]; then
    echo "set-up: $toolchains_missing; under CI the tests that need them fail" >&2
  else
    echo "set-up: $toolchains_missing; the tests that need them are skipped" >&2
  fi
fi
[ -z "$toolchains_installed" ] || echo "set-up: installed $toolchains_installed in $(( $(date +%s) - started )) s"

# Each test assembly prints one summary line ("Passed!  - Failed: 0, Passed: 44, Skipped: 0, Total: 44, ..."): their
# sums are the counts.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test "$root/ConcurrencyBench.sln" -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=0 failed=0 skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -En 's/.*(Passed|Failed)! *- *Failed: *([0-9]+), *Passed: *([0-9]+), *Skipped: *([0-9]+).*/\2 \3 \4/p' "$log")
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ $under_ci = yes ] && [ "$skipped" -gt 0 ]; then
  echo "error: $skipped tests were skipped; under CI a skipped test is a failure" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
