#!/usr/bin/env bash
# The main job: build Release, run one benchmark profile, then render its charts and report.
#   scripts/run.sh [--profile quick|default|seed] [--out DIR] [BenchmarkDotNet args...]
# Results go to DIR (default results/<profile>-<UTC time>); an existing non-empty DIR is refused, never overwritten.
# Everything after our two options goes to BenchmarkDotNet (--filter, --anyCategories, --job, --profiler, ...).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=default
out=""
bdn_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) [ $# -ge 2 ] || { echo "error: --profile needs a value" >&2; exit 2; }; profile=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || { echo "error: --out needs a value" >&2; exit 2; }; out=$2; shift 2 ;;
    *) bdn_args+=("$1"); shift ;;
  esac
done
case "$profile" in quick|default|seed) ;; *) echo "error: unknown profile '$profile' (expected quick, default or seed)" >&2; exit 2 ;; esac
[ -n "$out" ] || out="results/${profile}-$(date -u +%Y%m%d-%H%M%S)"
if [ -d "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  echo "error: $out already holds results; choose another --out" >&2
  exit 2
fi
# Run every case of the profile unless the caller filtered (BenchmarkDotNet would otherwise ask interactively).
filtered=no
for a in "${bdn_args[@]+"${bdn_args[@]}"}"; do
  case "$a" in --filter|-f|--anyCategories|--allCategories|--list|--help|-h) filtered=yes ;; esac
done
[ "$filtered" = yes ] || bdn_args+=(--filter '*')

mkdir -p "$out"
started=$(date +%s)
dotnet build ConcurrencyBench.sln -c Release --nologo -v quiet -clp:ErrorsOnly
set +e
dotnet run -c Release --no-build --project benchmarks/ConcurrencyBench.Benchmarks -- \
  --profile "$profile" --artifacts "$out" "${bdn_args[@]}"
status=$?
set -e
echo "benchmarks: profile $profile, exit $status, $(( $(date +%s) - started )) s including build"

if [ -d "$out/results" ] && ls "$out"/results/*-report-full.json >/dev/null 2>&1; then
  scripts/report.sh "$out" || status=$?
fi
echo "results: $out"
exit $status
