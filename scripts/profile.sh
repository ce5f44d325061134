#!/usr/bin/env bash
# A local profiling session: run the cases matching a BenchmarkDotNet filter with the EventPipe profiler and the
# thread-pool timeline on, then draw the timeline of each case and print where everything went.
#   scripts/profile.sh '<filter>' [--profile quick|default|seed] [--out DIR]
# Example: scripts/profile.sh '*DefaultPoolOffload*'
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "error: give a BenchmarkDotNet filter, e.g. scripts/profile.sh '*DefaultPoolOffload*'" >&2; exit 2; }
filter=$1; shift
profile=quick
out="$root/results/profile-$(date -u +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) [ $# -ge 2 ] || { echo "error: --profile needs a value" >&2; exit 2; }; profile=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || { echo "error: --out needs a value" >&2; exit 2; }; out=$2; shift 2 ;;
    *) echo "error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

"$root/scripts/run.sh" --profile "$profile" --out "$out" --filter "$filter" --profiler EP
dotnet "$root/src/ConcurrencyBench.Cli/bin/Release/net10.0/cbench.dll" timeline "$out" --out "$out/timeline-charts"

echo
echo "EventPipe traces (open .nettrace in PerfView or Visual Studio, or convert with dotnet-trace):"
find "$out" -name '*.nettrace' -print | sed 's/^/  /'
echo "speedscope profiles (drag into https://www.speedscope.app, which runs locally in the browser):"
find "$out" -name '*.speedscope.json' -print | sed 's/^/  /'
echo "thread-pool timelines (threads and queued work items every 20 ms):"
find "$out/timeline-charts" -name '*.png' -print | sed 's/^/  /'
