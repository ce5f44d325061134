#!/usr/bin/env bash
# The CI regression gate: build, run the quick profile, compare it with the committed baseline for this kind of
# machine, write the comparison (Markdown, chart, github-action-benchmark JSON) and exit with the verdict.
#   scripts/ci-perf.sh [--out DIR]            exit 0: no case slower; 1: a case is slower; 2: bad input
#   scripts/ci-perf.sh --update-baseline      run the quick profile and make it this machine kind's baseline
# The baseline lives in results/baseline/<os>-<arch>-<cores>cpu-<runtime>/ (commit it after refreshing).
# CONCURRENCYBENCH_SLOWDOWN=1.25 stretches every delay by 25%: the gate must then fail and name the slowed cases.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

update=no
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --update-baseline) update=yes; shift ;;
    --out) [ $# -ge 2 ] || { echo "error: --out needs a value" >&2; exit 2; }; out=$2; shift 2 ;;
    *) echo "error: unknown option '$1' (expected --out DIR or --update-baseline)" >&2; exit 2 ;;
  esac
done

# The runtime that runs the benchmarks: CONCURRENCYBENCH_TFM when set (net8.0), else .NET 10.
runtime=${CONCURRENCYBENCH_TFM:-net10.0}
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || echo 0)
machine="$(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m)-${cores}cpu-${runtime%.0}"
baseline="$root/results/baseline/$machine"
stamp=$(date -u +%Y%m%d-%H%M%S)
[ -n "$out" ] || out="$root/results/ci-perf-$stamp"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
started=$(date +%s)

if [ "$update" = yes ]; then
  fresh="$root/results/baseline/.$machine-$stamp"
  "$root/scripts/run.sh" --profile quick --out "$fresh"
  # Replace the old baseline only once the new one is complete: an interrupted refresh keeps the old one.
  rm -rf "$baseline.old"; [ -d "$baseline" ] && mv "$baseline" "$baseline.old"
  mv "$fresh" "$baseline" && rm -rf "$baseline.old"
  echo "baseline for $machine: $baseline ($(( $(date +%s) - started )) s)"
  exit 0
fi

if [ -n "${CONCURRENCYBENCH_SLOWDOWN:-}" ]; then
  echo "note: CONCURRENCYBENCH_SLOWDOWN=$CONCURRENCYBENCH_SLOWDOWN stretches every delay (gate self-check)"
fi
set +e
"$root/scripts/run.sh" --profile quick --out "$out/run"
run_status=$?
set -e
if [ "$run_status" -ne 0 ]; then
  echo "error: the quick profile failed (exit $run_status); see $out/run" >&2
  exit "$run_status"
fi
if [ ! -d "$baseline/results" ]; then
  echo "no baseline for this machine kind ($machine): nothing compared. Create one with: scripts/ci-perf.sh --update-baseline"
  echo "ci-perf: no verdict, $(( $(date +%s) - started )) s"
  exit 0
fi
set +e
"$root/scripts/compare.sh" "$baseline" "$out/run" --out "$out/compare"
verdict=$?
set -e
case $verdict in
  0) echo "ci-perf: no regression against $baseline ($(( $(date +%s) - started )) s)" ;;
  1) echo "ci-perf: REGRESSION against $baseline ($(( $(date +%s) - started )) s); see $out/compare/comparison.md" ;;
  *) echo "ci-perf: could not compare (exit $verdict)" ;;
esac
exit $verdict
