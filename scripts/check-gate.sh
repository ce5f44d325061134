#!/usr/bin/env bash
# Checks that the regression gate is honest, on this machine:
#   1. A/A: two runs of the unchanged tree must both pass the gate (exit 0);
#   2. an injected slowdown (every delay stretched by 25%) must fail it (exit 1) and name the slowed cases.
# Needs a baseline for this machine kind (scripts/ci-perf.sh --update-baseline). Takes about three gate runs.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/results/check-gate-$(date -u +%Y%m%d-%H%M%S)"
failures=0
expect() { # expected-exit, label, command...
  local expected=$1 label=$2; shift 2
  local started status
  started=$(date +%s)
  "$@" > "$work/$label.log" 2>&1
  status=$?
  local took=$(( $(date +%s) - started ))
  if [ "$status" -eq "$expected" ]; then
    echo "ok: $label exited $status as expected ($took s)"
  else
    echo "FAILED: $label exited $status, expected $expected ($took s); log: $work/$label.log"
    failures=$((failures + 1))
  fi
  grep -E "^regression:|^ci-perf:" "$work/$label.log" | sed 's/^/    /'
}
mkdir -p "$work"
expect 0 a-a-1 "$root/scripts/ci-perf.sh" --out "$work/a-a-1"
expect 0 a-a-2 "$root/scripts/ci-perf.sh" --out "$work/a-a-2"
expect 1 slowdown-25 env CONCURRENCYBENCH_SLOWDOWN=1.25 "$root/scripts/ci-perf.sh" --out "$work/slowdown-25"
echo "check-gate: $failures failure(s); outputs in $work"
[ "$failures" -eq 0 ]
