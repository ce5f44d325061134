#!/usr/bin/env bash
# The main job: build Release, run one benchmark profile, then render its charts and report.
#   scripts/run.sh [--profile quick|default|seed] [--out DIR] [BenchmarkDotNet args...]
# Results go to DIR (default results/<profile>-<UTC time>); an existing non-empty DIR is refused, never overwritten.
# Everything after our two options goes to BenchmarkDotNet (--filter, --anyCategories, --job, --profiler, ...).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

profile=default
out=""
bdn_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile|--out)
      [ $# -ge 2 ] && [ -n "$2" ] && [[ "$2" != --* ]] || { echo "error: $1 needs a value" >&2; exit 2; }
      if [ "$1" = --profile ]; then profile=$2; else out=$2; fi
      shift 2 ;;
    --profile=*) profile=${1#--profile=}; [ -n "$profile" ] || { echo "error: --profile needs a value" >&2; exit 2; }; shift ;;
    --out=*) out=${1#--out=}; [ -n "$out" ] || { echo "error: --out needs a value" >&2; exit 2; }; shift ;;
    *) bdn_args+=("$1"); shift ;;
  esac
done
case "$profile" in quick|default|seed) ;; *) echo "error: unknown profile '$profile' (expected quick, default or seed)" >&2; exit 2 ;; esac
[ -n "$out" ] || out="$root/results/${profile}-$(date -u +%Y%m%d-%H%M%S)"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
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
cd "$root"
started=$(date +%s)
started_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)
command_line="scripts/run.sh --profile $profile ${bdn_args[*]}"
# The run's manifest, read by the report (what ran, from which commit, for how long, whether it completed). Written
# at the start as incomplete, so that a run that is interrupted says so in its report.
json_escape() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
write_run_info() { # exit-code, complete
  local commit
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  [ -z "$(git status --porcelain -- src benchmarks 2>/dev/null)" ] || commit="$commit+uncommitted"
  cat > "$out/run-info.json" <<JSON
{
  "profile": "$profile",
  "command": "$(json_escape "$command_line")",
  "startedUtc": "$started_utc",
  "durationSeconds": $(( $(date +%s) - started )),
  "commit": "$commit",
  "exitCode": $1,
  "complete": $2
}
JSON
}
write_run_info -1 false
trap 'write_run_info 130 false; echo "interrupted: $out keeps what finished" >&2; exit 130' INT TERM
dotnet build ConcurrencyBench.sln -c Release --nologo -v quiet -clp:NoSummary
set +e
# Started through the muxer on PATH (not the apphost), so that a private dotnet root with another runtime
# (scripts/dotnet8-runtime.sh) is the one that runs it and BenchmarkDotNet's child processes.
tfm=${CONCURRENCYBENCH_TFM:-net10.0}
dotnet "benchmarks/ConcurrencyBench.Benchmarks/bin/Release/$tfm/ConcurrencyBench.Benchmarks.dll" \
  --profile "$profile" --artifacts "$out" "${bdn_args[@]}"
status=$?
set -e
duration=$(( $(date +%s) - started ))
echo "benchmarks: profile $profile, exit $status, $duration s including build"
trap - INT TERM
write_run_info "$status" true

if [ -d "$out/results" ] && ls "$out"/results/*-report-full.json >/dev/null 2>&1; then
  # Relative to the repository where the folder is inside it: a committed report names no path of this machine.
  scripts/report.sh "$(realpath --relative-to="$root" "$out")" || status=$?
fi
echo "results: $out"
exit $status
