#!/usr/bin/env bash
# The CI regression gate. By default it judges a change the way that holds on shared, noisy runners whose CPU model
# changes from run to run: the change's head and its base, built and run on the same machine in the same job,
# interleaved (base, head, head, base over two halves of the quick profile, so that a linear drift of the machine
# falls on both sides alike), then compared case by case (scripts/compare.sh); a case called Slower is run again on
# both sides and fails the gate only when the second pair calls it Slower too ($out/regressions.txt lists those).
#   scripts/ci-perf.sh [--base REV] [--out DIR]   head = the work tree's HEAD; base = REV (default: the merge base
#                                                 with origin/main, else main). Exit 0: no case slower; 1: a case is
#                                                 slower (confirmed); 2: bad input, nothing compared, or a build or a
#                                                 run failed (the gate could not judge); 130/143: interrupted (SIGINT/
#                                                 SIGTERM), never a verdict. Nothing the script started outlives it: an
#                                                 interrupt ends the running step's whole process group (builds run
#                                                 without build servers) before the base worktree is removed.
#   scripts/ci-perf.sh --against-baseline         the quick profile against results/baseline/<machine kind>/ (the trend
#                                                 record; meaningful only on the machine that made it)
#   scripts/ci-perf.sh --update-baseline          run the quick profile and make it this machine kind's baseline
# CONCURRENCYBENCH_SLOWDOWN=1.25 stretches every delay of the head's runs only (the base runs without it): the gate
# must then fail and name the slowed cases (scripts/check-gate.sh).
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

# Interleaved: the base in a worktree of its own, both built here, both run here, in the order base, head, head, base.
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
# Two halves of the quick profile by class; A then B for one side, B then A for the other. Half B is every other
# class the head's quick profile lists, so that a new family needs no edit here.
half_a='*.AsyncDelays.*'
head_dll="$root/benchmarks/ConcurrencyBench.Benchmarks/bin/Release/$tfm/ConcurrencyBench.Benchmarks.dll"
half_b=$(cd "$root" && dotnet "$head_dll" --profile quick --list flat 2>/dev/null | sed -n 's/^ConcurrencyBench\.Benchmarks\.\([A-Za-z0-9_]*\)\..*/\1/p' \
  | sort -u | grep -vx 'AsyncDelays' | sed 's/.*/*.&.*/' | paste -sd'|') || half_b=""
[ -n "$half_b" ] || { echo "error: the head's quick profile lists no benchmark class besides AsyncDelays" >&2; exit 2; }
run_side() { # side label artifacts log filters: one run of the quick profile's cases matching filters ("a|b|c")
  local side=$1 label=$2 artifacts=$3 log=$4 tree dll filters=()
  tree=$([ "$side" = base ] && echo "$work/base" || echo "$root")
  dll="$tree/benchmarks/ConcurrencyBench.Benchmarks/bin/Release/$tfm/ConcurrencyBench.Benchmarks.dll"
  IFS='|' read -r -a filters <<< "$5"
  echo "ci-perf: $side, $label"
  local status=0
  if [ "$side" = head ] && [ -n "$slowdown" ]; then
    run_step in_dir "$tree" env CONCURRENCYBENCH_SLOWDOWN="$slowdown" dotnet "$dll" --profile quick --artifacts "$artifacts" --filter "${filters[@]}" > "$log" 2>&1 || status=$?
  else
    run_step in_dir "$tree" dotnet "$dll" --profile quick --artifacts "$artifacts" --filter "${filters[@]}" > "$log" 2>&1 || status=$?
  fi
  # A failed run has not been judged: exit 2, never 1 (the code of a regression).
  [ "$status" -eq 0 ] || { echo "error: the $side run of $label failed (exit $status); see $log; no verdict" >&2; exit 2; }
}
run_half() { run_side "$1" "$2" "$out/$1/$2" "$out/$1-$2.log" "$3"; } # side half-name filters
run_half base first "$half_a"
run_half head first "$half_a"
run_half head second "$half_b"
run_half base second "$half_b"
# The cases a comparison calls Slower, one full name per line.
slower_in() { awk -F' \\| ' '/^\| `/ && $3 == "Slower" { gsub(/^\| `|`$/, "", $1); print $1 }' "$1" 2>/dev/null | sort -u; }
# "|| status=$?": verdict turns errexit back on inside, so a plain call returning 1 would end the script here.
status=0
verdict "$out/base" "$out/head" || status=$?
: > "$out/regressions.txt"
[ "$status" -eq 1 ] || exit "$status"
# A case called Slower is run again, base then head, and counts only if the second pair calls it Slower too. Each
# side's samples come from one run, and on a shared machine a run can land in a slower minute than its pair: the
# same code was measured up to 1.5x apart that way in the A/A pairs of scripts/check-gate.sh, each run tight within
# itself. A real slowdown shows in both pairs; a slow minute seldom falls on the same side twice.
slower_in "$out/compare/comparison.md" > "$out/flagged.txt"
filters=$(sed 's/(.*//' "$out/flagged.txt" | sort -u | paste -sd'|')
echo "ci-perf: $(wc -l < "$out/flagged.txt") case(s) called Slower; running them again (base, then head) to confirm"
run_confirm() { run_side "$1" confirmation "$out/confirm/$1" "$out/confirm-$1.log" "$filters"; } # side
run_confirm base
run_confirm head
confirm_status=0
run_step "$root/scripts/compare.sh" "$out/confirm/base" "$out/confirm/head" --out "$out/confirm/compare" || confirm_status=$?
[ "$confirm_status" -le 1 ] || { echo "ci-perf: could not compare the confirmation runs (exit $confirm_status)"; exit "$confirm_status"; }
comm -12 "$out/flagged.txt" <(slower_in "$out/confirm/compare/comparison.md") > "$out/regressions.txt"
unconfirmed=$(comm -23 "$out/flagged.txt" "$out/regressions.txt" | paste -sd';' | sed 's/;/; /g')
[ -z "$unconfirmed" ] || echo "ci-perf: not confirmed (Slower in one pair only, so undecided, not same): $unconfirmed"
if [ -s "$out/regressions.txt" ]; then
  echo "regression (confirmed): $(paste -sd';' "$out/regressions.txt" | sed 's/;/; /g')"
  echo "ci-perf: REGRESSION ($(( $(date +%s) - started )) s); see $out/compare/comparison.md and $out/confirm/compare/comparison.md"
  exit 1
fi
echo "ci-perf: no confirmed regression ($(( $(date +%s) - started )) s)"
exit 0
