#!/usr/bin/env bash
# A local profiling session: run the cases matching a BenchmarkDotNet filter with the EventPipe profiler and the
# thread-pool timeline on, then draw the timeline of each case and print where everything went.
#   scripts/profile.sh '<filter>' [scripts/run.sh options: --profile quick|default|seed, --out DIR, ...]
# Example: scripts/profile.sh '*DefaultPoolOffload*'      (the quick profile unless --profile says otherwise)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "error: give a BenchmarkDotNet filter, e.g. scripts/profile.sh '*DefaultPoolOffload*'" >&2; exit 2; }
filter=$1; shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# run.sh takes the last --profile given, so the caller's own --profile wins over the quick default.
"$root/scripts/run.sh" --profile quick "$@" --filter "$filter" --profiler EP | tee "$log"
out=$(sed -n 's/^results: //p' "$log" | tail -n 1)
[ -d "$out" ] || { echo "error: the run left no results folder" >&2; exit 1; }
dotnet "$root/src/ConcurrencyBench.Cli/bin/Release/net10.0/cbench.dll" timeline "$out" --out "$out/timeline-charts"

echo
echo "EventPipe traces (open .nettrace in PerfView or Visual Studio, or convert with dotnet-trace):"
find "$out" -name '*.nettrace' -print | sed 's/^/  /'
echo "speedscope profiles (load into the speedscope viewer; it runs locally in the browser):"
find "$out" -name '*.speedscope.json' -print | sed 's/^/  /'
echo "thread-pool timelines (threads and queued work items every 20 ms):"
find "$out/timeline-charts" -name '*.png' -print | sed 's/^/  /'
