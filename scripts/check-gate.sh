#!/usr/bin/env bash
# Checks that the regression gate is honest, on this machine, the way it runs in CI (head against base, interleaved):
#   1. A/A: N gate runs with head = base (the work tree's HEAD against itself) must all pass (exit 0): no false alarm;
#   2. an injected slowdown on the head only (every delay stretched by 25%) must fail it (exit 1) and name the cases.
# Then it lists which cases caught the +25% and, for those that did not, the smallest slowdown each could show.
# Takes N + 1 gate runs (about 8 minutes each here).
#   scripts/check-gate.sh [--pairs N] [--against-baseline]   (N A/A runs, default 3; or the older gate against the
#                                                             committed baseline of this machine kind)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pairs=3
gate=(--base HEAD)
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) [[ "${2:-}" =~ ^[1-9][0-9]?$ ]] || { echo "error: --pairs needs a whole number from 1 to 99" >&2; exit 2; }; pairs=$2; shift 2 ;;
    --pairs=*) pairs=${1#--pairs=}; [[ "$pairs" =~ ^[1-9][0-9]?$ ]] || { echo "error: --pairs needs a whole number from 1 to 99" >&2; exit 2; }; shift ;;
    --against-baseline) gate=(--against-baseline); shift ;;
    *) echo "error: unknown option '$1' (expected --pairs N or --against-baseline)" >&2; exit 2 ;;
  esac
done
work="$root/results/check-gate-$(date -u +%Y%m%d-%H%M%S)"
failures=0
false_alarms=0
flagged_once=0
expect() { # expected-exit, label, command...
  local expected=$1 label=$2; shift 2
  local started status
  started=$(date +%s)
  "$@" > "$work/$label.log" 2>&1
  status=$?
  local took=$(( $(date +%s) - started ))
  # An interrupted gate (130, 143) is no verdict to count: stop here, as it did.
  [ "$status" -lt 128 ] || { echo "check-gate: interrupted during $label (exit $status); outputs in $work" >&2; exit "$status"; }
  if [ "$status" -eq "$expected" ]; then
    echo "ok: $label exited $status as expected ($took s)"
  else
    echo "FAILED: $label exited $status, expected $expected ($took s); log: $work/$label.log"
    failures=$((failures + 1))
  fi
  grep -E "^gate:|^regression|^ci-perf:" "$work/$label.log" | sed 's/^/    /'
}
# The rows of a comparison table: case, samples, verdict, detects.
rows() { awk -F' \\| ' '/^\| `/ { gsub(/^\| `|`$/, "", $1); print $1 "\t" $2 "\t" $3 "\t" $6 }' "$1"; }
mkdir -p "$work"
for i in $(seq 1 "$pairs"); do
  expect 0 "a-a-$i" "$root/scripts/ci-perf.sh" "${gate[@]}" --out "$work/a-a-$i"
  # A false alarm is a confirmed regression (the gate's verdict); cases called Slower once and not confirmed are counted apart.
  [ -f "$work/a-a-$i/regressions.txt" ] && false_alarms=$((false_alarms + $(wc -l < "$work/a-a-$i/regressions.txt")))
  [ -f "$work/a-a-$i/flagged.txt" ] && flagged_once=$((flagged_once + $(wc -l < "$work/a-a-$i/flagged.txt")))
done
expect 1 slowdown-25 env CONCURRENCYBENCH_SLOWDOWN=1.25 "$root/scripts/ci-perf.sh" "${gate[@]}" --out "$work/slowdown-25"
echo "check-gate: false alarms (confirmed regressions in $pairs A/A runs): $false_alarms; called Slower in a first pair and not confirmed: $flagged_once"
table="$work/slowdown-25/compare/comparison.md"
if [ -f "$table" ]; then
  confirmed="$work/slowdown-25/regressions.txt"
  echo "check-gate: +25% caught (confirmed) on $(wc -l < "$confirmed") of $(rows "$table" | wc -l) cases; not caught (samples, first pair's verdict, smallest slowdown the baseline lets the gate show):"
  rows "$table" | while IFS=$'\t' read -r name samples verdict detects; do
    grep -qxF "$name" "$confirmed" || printf '    %s (%s, %s, detects %s)\n' "$name" "$samples" "$verdict" "$detects"
  done
fi
echo "check-gate: $failures failure(s); outputs in $work"
[ "$failures" -eq 0 ]
