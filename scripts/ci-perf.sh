#!/usr/bin/env bash
# The CI regression gate. By default it judges a change the way that holds on shared, noisy runners whose CPU model
# changes from run to run: the change's head and its base, built on the same machine in the same job, then measured by
# `cbench gate` (docs/gate.md): fresh processes of each build, paired base/head in random order case by case, a
# sequential equivalence/superiority rule per case, a Slower only at a strict level (one-sided 0.0005), and the cases
# it cannot decide within its budget moved to the trend record ($out/gate/trend-record.md) with their reason.
#   scripts/ci-perf.sh [--base REV] [--out DIR]   head = the work tree's HEAD; base = REV (default: the merge base
#                                                 with origin/main, else main). Exit 0: no case slower; 1: a case is
#                                                 slower; 2: bad input, nothing compared, or a build or a
#                                                 run failed (the gate could not judge); 130/143: interrupted (SIGINT/
#                                                 SIGTERM), never a verdict. Nothing the script started outlives it: an
#                                                 interrupt ends the running step's whole process group (builds run
#                                                 without build servers) before the base worktree is removed.
#   scripts/ci-perf.sh --against-baseline         the quick profile against results/baseline/<machine kind>/ (the trend
#                                                 record; meaningful only on the machine that made it)
#   scripts/ci-perf.sh --update-baseline          run the quick profile and one A/A gate run (gate-a-a/) and make
#                                                 them this machine kind's baseline
# CONCURRENCYBENCH_SLOWDOWN=1.10 stretches every delay of the head's runs only (the base runs without it): the gate
# must then fail and name every case whose time scales with d (scripts/check-gate.sh). CONCURRENCYBENCH_GATE_BUDGET sets
# the gate's measuring budget in seconds; by default it is what is left of 8 minutes from this script's start once both
# builds are done, less 40 s (a look begun at the budget's end, the report), and at least 60 s.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/children.sh
. "$root/scripts/lib/children.sh"
# No MSBuild node or compiler server outlives a build this script starts (run.sh's and compare.sh's builds included).
export MSBUILDDISABLENODEREUSE=1 UseSharedCompilation=false DOTNET_CLI_USE_MSBUILD_SERVER=0

mode=interleaved
out=""
base_rev=""
while [ $# -gt 0 ]; do
  case "$1" in
    --update-baseline) mode=update; shift ;;
    --against-baseline) mode=baseline; shift ;;
    --out|--base)
      [ $# -ge 2 ] && [ -n "$2" ] || { echo "error: $1 needs a value" >&2; exit 2; }
      [ "$1" = --out ] && out=$2 || base_rev=$2; shift 2 ;;
    --out=*) out=${1#--out=}; [ -n "$out" ] || { echo "error: --out needs a value" >&2; exit 2; }; shift ;;
    --base=*) base_rev=${1#--base=}; [ -n "$base_rev" ] || { echo "error: --base needs a value" >&2; exit 2; }; shift ;;
    *) echo "error: unknown option '$1' (expected --base REV, --out DIR, --against-baseline or --update-baseline)" >&2; exit 2 ;;
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
if [ -d "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  echo "error: $out already holds results; choose another --out" >&2
  exit 2
fi
started=$(date +%s)
slowdown=${CONCURRENCYBENCH_SLOWDOWN:-}
unset CONCURRENCYBENCH_SLOWDOWN

if [ "$mode" = update ]; then
  fresh="$root/results/baseline/.$machine-$stamp"
  discard_fresh() { rm -rf "$fresh"; echo "ci-perf: interrupted; the baseline is left as it was" >&2; }
  on_interrupt discard_fresh
  run_step "$root/scripts/run.sh" --profile quick --out "$fresh" || { status=$?; rm -rf "$fresh"; [ "$status" -ge 128 ] || status=2; exit "$status"; }
  # The gate's own figures on this machine kind: one A/A run of the gate (HEAD against itself) beside the quick profile.
  run_step "$root/scripts/ci-perf.sh" --base HEAD --out "$fresh/gate-a-a" || { status=$?; rm -rf "$fresh"; [ "$status" -ge 128 ] || status=2; echo "error: the gate's A/A run did not pass (exit $status); the baseline is left as it was" >&2; exit "$status"; }
  # Replace the old baseline only once the new one is complete: an interrupted refresh keeps the old one.
  rm -rf "$baseline.old"; [ -d "$baseline" ] && mv "$baseline" "$baseline.old"
  mv "$fresh" "$baseline" && rm -rf "$baseline.old"
  echo "baseline for $machine: $baseline ($(( $(date +%s) - started )) s)"
  exit 0
fi

verdict() { # baseline-dir current-dir
  local status=0
  run_step "$root/scripts/compare.sh" "$1" "$2" --out "$out/compare" || status=$?
  case $status in
    0) echo "ci-perf: no regression ($(( $(date +%s) - started )) s)" ;;
    1) echo "ci-perf: a case is Slower ($(( $(date +%s) - started )) s); see $out/compare/comparison.md" ;;
    *) echo "ci-perf: could not compare (exit $status)" ;;
  esac
  return $status
}

if [ "$mode" = baseline ]; then
  [ -z "$slowdown" ] || echo "note: CONCURRENCYBENCH_SLOWDOWN=$slowdown stretches every delay (gate self-check)"
  on_interrupt ""
  run_status=0
  CONCURRENCYBENCH_SLOWDOWN=$slowdown run_step "$root/scripts/run.sh" --profile quick --out "$out/run" || run_status=$?
  [ "$run_status" -lt 128 ] || exit "$run_status"
  # A run that failed has not been judged: exit 2, never 1 (the code of a regression).
  [ "$run_status" -eq 0 ] || { echo "error: the quick profile failed (exit $run_status); see $out/run" >&2; exit 2; }
  [ -d "$baseline/results" ] || { echo "error: no baseline for this machine kind ($machine); create one with scripts/ci-perf.sh --update-baseline" >&2; exit 2; }
  verdict "$baseline" "$out/run"
  exit $?
fi

# The base in a worktree of its own; both built here, both measured here by the gate.
cd "$root"
if [ -z "$base_rev" ]; then
  base_rev=$(git merge-base HEAD origin/main 2>/dev/null || git merge-base HEAD main 2>/dev/null) \
    || { echo "error: no merge base with origin/main or main; pass --base REV (the workflow must fetch the history)" >&2; exit 2; }
fi
base_sha=$(git rev-parse --verify --quiet "$base_rev^{commit}") || { echo "error: --base '$base_rev' is not a commit here" >&2; exit 2; }
head_sha=$(git rev-parse HEAD)
mkdir -p "$out"
work=$(mktemp -d)
# The base worktree goes only once every step is over (an interrupt ends the running one first, stop_step).
cleanup() { git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"; git -C "$root" worktree prune >/dev/null 2>&1 || true; }
trap cleanup EXIT
interrupted_gate() { echo "ci-perf: interrupted (exit $1): no verdict" >&2; }
on_interrupt interrupted_gate
git worktree add --detach --quiet "$work/base" "$base_sha"
echo "ci-perf: base $(git rev-parse --short "$base_sha"), head $(git rev-parse --short "$head_sha")${slowdown:+ (head slowed by $slowdown)}"
tfm=$runtime
for side in base head; do
  tree=$([ $side = base ] && echo "$work/base" || echo "$root")
  run_step dotnet build "$tree/benchmarks/ConcurrencyBench.Benchmarks" -c Release --nologo -v quiet -clp:NoSummary \
    || { echo "error: the $side failed to build; no verdict" >&2; exit 2; }
done
# The gate proper (cbench gate, docs/gate.md): each build's benchmarks executable runs as a worker, one fresh process per
# sample, base and head paired in random order case by case; a case stops at the first look that decides it; a Slower
# is decided at the rule's strict level. Exit 0: no case slower; 1: a case slower; 2: the gate could
# not judge (a worker failed, a case of the base missing from the head, nothing compared).
bin="benchmarks/ConcurrencyBench.Benchmarks/bin/Release/$tfm"
gate_args=(gate --base "$work/base/$bin" --head "$root/$bin" --out "$out/gate")
[ -z "$slowdown" ] || gate_args+=(--head-slowdown "$slowdown")
# The budget from the gate's 8 minutes (480 s): the builds' time varies from machine to machine (55 s for a fresh base
# here, a few seconds for an incremental head); what they leave goes to measuring.
budget=${CONCURRENCYBENCH_GATE_BUDGET:-$(( 480 - 40 - ($(date +%s) - started) ))}
[ "$budget" -ge 60 ] || { echo "note: the builds took $(( $(date +%s) - started )) s; the gate measures for 60 s and will pass 8 minutes" >&2; budget=60; }
gate_args+=(--budget-seconds "$budget")
status=0
run_step dotnet "$root/src/ConcurrencyBench.Cli/bin/Release/net10.0/cbench.dll" "${gate_args[@]}" || status=$?
case $status in
  0) echo "ci-perf: no regression ($(( $(date +%s) - started )) s); see $out/gate/gate.md" ;;
  1) echo "ci-perf: REGRESSION ($(( $(date +%s) - started )) s); see $out/gate/gate.md" ;;
  *) [ "$status" -ge 128 ] || status=2; echo "ci-perf: could not judge (exit $status): no verdict ($(( $(date +%s) - started )) s)" >&2 ;;
esac
exit $status
