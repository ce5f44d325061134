#!/usr/bin/env bash
# Checks the regression gate's guarantees on this machine, the way it runs in CI (scripts/ci-perf.sh: both builds, both
# sides), and prints the figures docs/gate.md quotes:
#   1. N A/A runs (the work tree's HEAD against itself): each must exit 0 within 480 s, with no Slower or Faster case,
#      at least 90% of its gated cases Same (a case the trend-record rule put in the trend record whole, verdict Trend,
#      is not a gated case; it is listed with its reason), and every family with a gated case;
#   2. one run with CONCURRENCYBENCH_SLOWDOWN=1.10 on the head only: it must exit 1, with every case whose time scales
#      with d Slower.
# For each run: its time, its cases, the Same / Undecided / Slower / Faster counts and the trend-record list.
#   scripts/check-gate.sh [N]     N A/A runs, default 5 (about 8 minutes each, so about 50 minutes in all)
# Exit 0 when every check held, 1 when one did not, 2 on bad input, 130/143 when interrupted.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
[ $# -le 1 ] || { echo "error: one argument at most: the number of A/A runs (default 5)" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]?$ ]] || { echo "error: the number of A/A runs must be a whole number from 1 to 99, not '$runs'" >&2; exit 2; }
work="$root/results/check-gate-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$work"
failures=0
# The counts of one run's verdicts.tsv: cases, same, undecided, slower, faster.
counts() { awk -F'\t' 'NR > 1 { n++; c[$3]++ } END { printf "%d cases: %d same, %d undecided, %d slower, %d faster, %d in the trend record only", n, c["Same"], c["Undecided"], c["Slower"], c["Faster"], c["Trend"] }' "$1"; }
gate_run() { # label expected-exit [env assignments...]
  local label=$1 expected=$2 started status took
  shift 2
  started=$(date +%s)
  env "$@" "$root/scripts/ci-perf.sh" --base HEAD --out "$work/$label" > "$work/$label.log" 2>&1
  status=$?
  took=$(( $(date +%s) - started ))
  [ "$status" -lt 128 ] || { echo "check-gate: interrupted during $label (exit $status); outputs in $work" >&2; exit "$status"; }
  local tsv="$work/$label/gate/verdicts.tsv"
  if [ ! -f "$tsv" ]; then
    echo "FAILED: $label exited $status without verdicts ($took s); log: $work/$label.log"
    failures=$((failures + 1))
    return
  fi
  local ok=yes
  [ "$status" -eq "$expected" ] || ok=no
  [ "$took" -le 480 ] || ok=no
  echo "$([ $ok = yes ] && echo ok || echo FAILED): $label exited $status (expected $expected) in $took s (budget 480 s); $(counts "$tsv")"
  [ $ok = yes ] || failures=$((failures + 1))
  awk -F'\t' 'NR > 1 && ($3 == "Undecided" || $3 == "Trend") { print "    trend record: " $1 " (" $7 ")" }
               NR > 1 && $8 == "allocations" { print "    trend record: the time of " $1 " (its allocations gated: " $9 ")" }' "$tsv"
  # Honest cover: every family keeps a case the gate measures.
  local bare
  bare=$(awk -F'\t' 'NR > 1 { f[$2] += 0; if ($3 != "Trend") f[$2]++ } END { for (k in f) if (f[k] == 0) print "    " k }' "$tsv")
  if [ -n "$bare" ]; then echo "FAILED: $label has families with no gated case:"; echo "$bare"; failures=$((failures + 1)); fi
}
for i in $(seq 1 "$runs"); do
  gate_run "a-a-$i" 0
  tsv="$work/a-a-$i/gate/verdicts.tsv"
  if [ -f "$tsv" ] && awk -F'\t' 'NR > 1 && ($3 == "Slower" || $3 == "Faster") { bad = 1 } END { exit !bad }' "$tsv"; then
    echo "FAILED: a-a-$i has a false alarm:"; awk -F'\t' 'NR > 1 && ($3 == "Slower" || $3 == "Faster") { print "    " $3 ": " $1 " (" $7 ")" }' "$tsv"
    failures=$((failures + 1))
  fi
  # The decided share: at least 90% of the gated cases (all but the trend record's whole cases) Same.
  if [ -f "$tsv" ] && ! awk -F'\t' 'NR > 1 && $3 != "Trend" { n++; if ($3 == "Same") s++ } END { exit !(n > 0 && s >= 0.9 * n) }' "$tsv"; then
    echo "FAILED: a-a-$i has fewer than 90% of its gated cases Same"
    failures=$((failures + 1))
  fi
done
gate_run slowdown-10 1 CONCURRENCYBENCH_SLOWDOWN=1.10
tsv="$work/slowdown-10/gate/verdicts.tsv"
if [ -f "$tsv" ]; then
  echo "check-gate: +10% on the head: d-scaling cases Slower:"
  awk -F'\t' 'NR > 1 && $4 == "yes" && $3 == "Slower" { print "    " $1 }' "$tsv"
  missed=$(awk -F'\t' 'NR > 1 && $4 == "yes" && $3 != "Slower" { print "    " $1 ": " $3 " (" $7 ")" }' "$tsv")
  if [ -n "$missed" ]; then
    echo "FAILED: d-scaling cases not Slower at +10%:"; echo "$missed"
    failures=$((failures + 1))
  fi
  others=$(awk -F'\t' 'NR > 1 && $4 == "no" { print "    " $1 ": " $3 }' "$tsv")
  [ -z "$others" ] || { echo "check-gate: cases whose time d does not set (not required Slower):"; echo "$others"; }
fi
echo "check-gate: $failures failure(s); outputs in $work"
[ "$failures" -eq 0 ]
