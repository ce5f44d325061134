#!/usr/bin/env bash
# The main job: build Release, run one benchmark profile on each runtime asked for, then render its charts and report.
#   scripts/run.sh [--profile quick|default|seed|all-pending|sizes] [--out DIR] [--runtimes LIST] [BenchmarkDotNet args...]
# Results go to DIR (default results/<profile>-<UTC time>); an existing non-empty DIR is refused, never overwritten.
# --runtimes: comma-separated from dotnet (the JIT), nativeaot (the async-delay, offload and seed families compiled
# ahead of time, into DIR/nativeaot), python, node, go and rust (scripts/python, scripts/node, scripts/go, scripts/rust,
# built by scripts/build-runner.sh into .build/ and run by one orchestrator, `cbench runtimes` (docs/runtimes.md), into
# DIR/runtimes/<name>.json).
# Default: all six for the default, seed and all-pending profiles (a runtime whose toolchain is missing is named in one
# line and in DIR/runtimes/absent.txt, and the run goes on); dotnet alone for quick (the CI gate).
# sizes: the machine-size sweep (`cbench sizes`, docs/sizes.md): every runtime through its runner (.NET's is scripts/dotnet,
# the benchmarks' models) at 1 and all real cores, CPU quotas of 0.5, 1 and 1.5 and configured as 4, 16 and 64 cores.
# Everything else goes to BenchmarkDotNet (--filter, --anyCategories, --job, --profiler, ...); --filter, --anyCategories
# and --allCategories select the same cases on every runtime.
# An interrupt (SIGINT: exit 130, SIGTERM: exit 143, to the script alone or to its process group) ends the step that is
# running (the build, the benchmarks and their processes, the other runtimes' runs, the report), marks run-info.json incomplete,
# and keeps what finished; a run that produced nothing (refused options, a filter matching nothing, an interrupt before
# the first result) leaves no folder behind, so the same --out can be used again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib/children.sh
. "$root/scripts/lib/children.sh"

profile=default
out=""
runtimes=""
bdn_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile|--out|--runtimes)
      [ $# -ge 2 ] && [ -n "$2" ] && [[ "$2" != --* ]] || { echo "error: $1 needs a value" >&2; exit 2; }
      case "$1" in --profile) profile=$2 ;; --out) out=$2 ;; *) runtimes=$2 ;; esac
      shift 2 ;;
    --profile=*) profile=${1#--profile=}; [ -n "$profile" ] || { echo "error: --profile needs a value" >&2; exit 2; }; shift ;;
    --out=*) out=${1#--out=}; [ -n "$out" ] || { echo "error: --out needs a value" >&2; exit 2; }; shift ;;
    --runtimes=*) runtimes=${1#--runtimes=}; [ -n "$runtimes" ] || { echo "error: --runtimes needs a value" >&2; exit 2; }; shift ;;
    *) bdn_args+=("$1"); shift ;;
  esac
done
case "$profile" in quick|default|seed|all-pending|sizes) ;; *) echo "error: unknown profile '$profile' (expected quick, default, seed, all-pending or sizes)" >&2; exit 2 ;; esac
[ -n "$out" ] || out="$root/results/${profile}-$(date -u +%Y%m%d-%H%M%S)"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
if [ -e "$out" ] && [ ! -d "$out" ]; then
  echo "error: $out is a file, not a folder; choose another --out" >&2
  exit 2
fi
if [ -d "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  echo "error: $out already holds results; choose another --out" >&2
  exit 2
fi
# Run every case of the profile unless the caller filtered (BenchmarkDotNet would otherwise ask interactively). The
# filter's patterns and categories also select the other runtimes' cases (the same glob rules on the same names).
filtered=no
listing=no
runner_filter=()
taking=""
for a in "${bdn_args[@]+"${bdn_args[@]}"}"; do
  case "$a" in
    --filter|-f) filtered=yes; taking=--filter; runner_filter+=(--filter) ;;
    --anyCategories) filtered=yes; taking=--any-categories; runner_filter+=(--any-categories) ;;
    --allCategories) filtered=yes; taking=--all-categories; runner_filter+=(--all-categories) ;;
    --list|--help|-h) filtered=yes; listing=yes; taking="" ;;
    -*) taking="" ;;
    *) [ -z "$taking" ] || runner_filter+=("$a") ;;
  esac
done
[ "$filtered" = yes ] || bdn_args+=(--filter '*')
if [ -z "$runtimes" ]; then
  if [ "$profile" = quick ]; then runtimes=dotnet; elif [ "$profile" = sizes ]; then runtimes=dotnet,python,node,go,rust; else runtimes=dotnet,nativeaot,python,node,go,rust; fi
fi
use_dotnet=no; use_aot=no
other_runtimes=() # python, node, go, rust: run by cbench runtimes (each built by scripts/build-runner.sh), in the order asked
IFS=',' read -r -a asked <<< "$runtimes"
[ ${#asked[@]} -gt 0 ] || { echo "error: --runtimes needs at least one of dotnet, nativeaot, python, node, go, rust" >&2; exit 2; }
for r in "${asked[@]}"; do
  case "$r" in
    dotnet) use_dotnet=yes ;;
    nativeaot) [ "$profile" != sizes ] || { echo "error: the sizes profile runs .NET through its runner (dotnet), not NativeAOT" >&2; exit 2; }; use_aot=yes ;;
    python|node|go|rust) [[ " ${other_runtimes[*]-} " == *" $r "* ]] || other_runtimes+=("$r") ;;
    *) echo "error: unknown runtime '$r' in --runtimes (expected dotnet, nativeaot, python, node, go or rust, comma-separated)" >&2; exit 2 ;;
  esac
done
# BenchmarkDotNet's --list and --help run nothing: the other runtimes have nothing to do.
[ "$listing" = no ] || other_runtimes=()
dotnet_runtimes=""
[ $use_dotnet = no ] || dotnet_runtimes=dotnet
[ $use_aot = no ] || dotnet_runtimes="${dotnet_runtimes:+$dotnet_runtimes,}nativeaot"

# The chat sweep holds up to 10,000 clients: a socket each in the load generator and in the server, which are separate
# processes. Raise this shell's soft limit of open files to its hard limit where the system allows it; where even the
# hard limit is lower, say so (points past it fail, and the report says why).
hard_files=$(ulimit -Hn)
if [ "$hard_files" = unlimited ] || [ "$(ulimit -Sn)" -lt "$hard_files" ]; then ulimit -Sn "$hard_files" 2>/dev/null || true; fi
soft_files=$(ulimit -Sn)
if [ "$soft_files" != unlimited ] && [ "$soft_files" -lt 10200 ]; then
  echo "note: a process may open $soft_files files here (ulimit -n; the hard limit allows no more): chat points above about $(( soft_files - 200 )) clients will fail" >&2
fi

# The toolchains of the runtimes asked for, installed where missing (scripts/lib/toolchains.sh, as for the tests); what
# cannot be is named in one line, and each runtime without its toolchain is left out below and in absent.txt.
# shellcheck source=lib/toolchains.sh
. "$root/scripts/lib/toolchains.sh"
ensure_toolchains "${asked[@]}" || echo "set-up: $toolchains_missing; this run goes on without them" >&2

created_out=no
[ -d "$out" ] || created_out=yes
mkdir -p "$out"
cd "$root"
started=$(date +%s)
started_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)
command_line="scripts/run.sh --profile $profile --runtimes $runtimes ${bdn_args[*]}"
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
  "complete": $2$conditions
}
JSON
}
# What differs between runs of one machine kind (issue 26; `cbench replicate` sets them side by side): the 1-minute
# load average, the CPUs' total and stolen ticks (/proc/stat: their change over the run is the share a hypervisor
# took), and `cbench calibrate`'s fixed CPU loop. Each is left out where it cannot be read: never a failure of the run.
conditions=""
record_machine() { # Start or End
  local load _ u n s i w q sq st _rest
  if [ -r /proc/loadavg ] && read -r load _rest < /proc/loadavg; then conditions+=$',\n'"  \"loadAverage1m$1\": $load"; fi
  if [ -r /proc/stat ] && read -r _ u n s i w q sq st _rest < <(grep '^cpu ' /proc/stat) && [ -n "$st" ]; then
    conditions+=$',\n'"  \"cpuTicks$1\": $((u + n + s + i + w + q + sq + st)),"$'\n'"  \"stealTicks$1\": $st"
  fi
}
record_calibration() { # Start or End
  local ns
  ns=$(dotnet "$root/src/ConcurrencyBench.Cli/bin/Release/net10.0/cbench.dll" calibrate 2>/dev/null) || return 0
  [[ "$ns" =~ ^[0-9]+$ ]] && conditions+=$',\n'"  \"calibrationNs$1\": $ns"
  return 0
}
record_machine Start
# True when the run measured something: BenchmarkDotNet's results, another runtime's, or a timeline.
has_results() {
  local file
  for file in "$out"/results/*-report-full.json "$out"/nativeaot/results/*-report-full.json "$out"/runtimes/*.json "$out"/*/size.json \
    "$out"/timelines/*.json "$out"/nativeaot/timelines/*.json; do
    [ ! -e "$file" ] || return 0
  done
  return 1
}
# A run that produced nothing leaves the folder as it found it (absent, or empty): nothing to report, nothing to keep.
remove_if_empty() {
  has_results && return 0
  if [ "$created_out" = yes ]; then rm -rf "$out"; else find "$out" -mindepth 1 -delete 2>/dev/null || true; fi
  echo "nothing was measured: $out left as it was" >&2
}
stage=benchmarks
on_run_interrupt() { # exit code
  write_run_info "$1" false
  if [ "$stage" = report ]; then
    echo "interrupted during the report: $out keeps every result; render it with scripts/report.sh $out" >&2
  else
    echo "interrupted: $out keeps what finished" >&2
  fi
  remove_if_empty
}
write_run_info -1 false
on_interrupt on_run_interrupt
run_step dotnet build ConcurrencyBench.sln -c Release --nologo -v quiet -clp:NoSummary || { status=$?; remove_if_empty; exit "$status"; }
record_calibration Start
set +e
# Started through the muxer on PATH (not the apphost), so that a private dotnet root with another runtime
# (scripts/dotnet8-runtime.sh) is the one that runs it and BenchmarkDotNet's child processes.
tfm=${CONCURRENCYBENCH_TFM:-net10.0}
bench="benchmarks/ConcurrencyBench.Benchmarks/bin/Release/$tfm/ConcurrencyBench.Benchmarks.dll"
status=0
if [ "$profile" = sizes ]; then
  # Every runtime through its runner at every size (cbench sizes); a size the machine cannot set is one line.
  sizes_runtimes=$(IFS=,; echo "${asked[*]}")
  if run_step dotnet "$bench" --profile sizes --describe > "$out/profile-grid.json"; then
    run_step dotnet src/ConcurrencyBench.Cli/bin/Release/net10.0/cbench.dll sizes --grid "$out/profile-grid.json" --runtimes "$sizes_runtimes" \
      --out "$out" "${runner_filter[@]+"${runner_filter[@]}"}" || status=$?
  else
    status=1
    echo "error: the profile's grid could not be described" >&2
  fi
  dotnet_runtimes=""
  other_runtimes=()
fi
if [ -n "$dotnet_runtimes" ]; then
  run_step dotnet "$bench" --profile "$profile" --runtimes "$dotnet_runtimes" --artifacts "$out" "${bdn_args[@]}"
  status=$?
  echo "benchmarks: .NET ($dotnet_runtimes) took $(( $(date +%s) - started )) s including build"
fi
if [ ${#other_runtimes[@]} -gt 0 ]; then
  # The other runtimes, through one orchestrator (cbench runtimes, docs/runtimes.md): the same grid (the profile as the
  # benchmark program describes it), the same cases as this run's filter selects on .NET, the same method. Each runner is
  # built by scripts/build-runner.sh; a runtime whose toolchain is missing is named in one line and in absent.txt and
  # the run goes on (not a failure); a runner that does not build, or a case that fails, is a failure of the run.
  mkdir -p "$out/runtimes"
  if run_step dotnet "$bench" --profile "$profile" --describe > "$out/profile-grid.json"; then
    others_started=$(date +%s)
    others_status=0
    run_step dotnet src/ConcurrencyBench.Cli/bin/Release/net10.0/cbench.dll runtimes --grid "$out/profile-grid.json" --runtimes "$(IFS=,; echo "${other_runtimes[*]}")" \
      --out "$out/runtimes" "${runner_filter[@]+"${runner_filter[@]}"}" || others_status=$?
    echo "runtimes: ${other_runtimes[*]}: exit $others_status, $(( $(date +%s) - others_started )) s"
    # 3: nothing ran because every one was absent or had no case this run's filter selects (absent.txt says which):
    # not a failure by itself; the check below fails a run in which nothing at all ran.
    [ $others_status -eq 0 ] || [ $others_status -eq 3 ] || [ $status -ne 0 ] || status=$others_status
  else
    status=1
    echo "error: the profile's grid could not be described" >&2
  fi
fi
# A run in which nothing ran is a failure, never a green exit (every runtime asked for was absent, for example).
shopt -s nullglob
produced=("$out"/results/*-report-full.json "$out"/runtimes/*.json "$out"/*/size.json)
shopt -u nullglob
if [ $status -eq 0 ] && [ ${#produced[@]} -eq 0 ]; then
  echo "error: no runtime produced results in $out" >&2
  status=1
fi
set -e
duration=$(( $(date +%s) - started ))
echo "benchmarks: profile $profile, exit $status, $duration s including build"
if ! has_results; then
  remove_if_empty
  echo "results: none"
  [ "$status" -ne 0 ] || status=2
  exit $status
fi
record_calibration End
record_machine End
write_run_info "$status" true

if { [ -d "$out/results" ] && ls "$out"/results/*-report-full.json >/dev/null 2>&1; } || ls "$out"/runtimes/*.json >/dev/null 2>&1 || [ -f "$out/sizes.json" ]; then
  # Relative to the repository where the folder is inside it: a committed report names no path of this machine. An
  # interrupt here marks the run incomplete again (its report was not rendered).
  stage=report
  run_step scripts/report.sh "$(realpath --relative-to="$root" "$out")" || status=$?
fi
echo "results: $out"
[ ! -f "$out/report/report.html" ] || echo "report: $out/report/report.html (open it in a browser; $out/report/report.md is the same in Markdown)"
exit $status
