#!/usr/bin/env bash
# A local profiling session: run the cases matching a BenchmarkDotNet filter with the EventPipe profiler and the
# thread-pool timeline on, then draw the timeline of each case and print where everything went.
#   scripts/profile.sh '<filter>' [scripts/run.sh options: --profile quick|default|seed, --out DIR, ...]
# Example: scripts/profile.sh '*DefaultPoolOffload*'      (the quick profile unless --profile says otherwise)
# A filter that matches nothing exits 2 and leaves no folder (scripts/run.sh); an interrupt exits 130 or 143.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/children.sh
. "$root/scripts/lib/children.sh"
[ $# -ge 1 ] || { echo "error: give a BenchmarkDotNet filter, e.g. scripts/profile.sh '*DefaultPoolOffload*'" >&2; exit 2; }
filter=$1; shift
# The results folder: the caller's --out (run.sh takes the last one given), else one of our own.
out=""
previous=""
for a in "$@"; do
  [ "$previous" != --out ] || out=$a
  case "$a" in --out=*) out=${a#--out=} ;; esac
  previous=$a
done
[ -n "$out" ] || out="$root/results/profile-$(date -u +%Y%m%d-%H%M%S)"
on_interrupt ""

# run.sh takes the last --profile and --out given, so the caller's own win over these defaults.
run_step "$root/scripts/run.sh" --profile quick --out "$out" "$@" --filter "$filter" --profiler EP
[ -d "$out" ] || { echo "error: the run left no results folder" >&2; exit 1; }
run_step dotnet "$root/src/ConcurrencyBench.Cli/bin/Release/net10.0/cbench.dll" timeline "$out" --out "$out/timeline-charts"

echo
echo "EventPipe traces (open .nettrace in PerfView or Visual Studio, or convert with dotnet-trace):"
find "$out" -name '*.nettrace' -print | sed 's/^/  /'
echo "speedscope profiles (load into the speedscope viewer; it runs locally in the browser):"
find "$out" -name '*.speedscope.json' -print | sed 's/^/  /'
echo "thread-pool timelines (threads and queued work items every 20 ms):"
find "$out/timeline-charts" -name '*.png' -print | sed 's/^/  /'
