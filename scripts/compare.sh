#!/usr/bin/env bash
# Compare two runs case by case (Mann–Whitney equivalence test, 10% threshold, 1 ms noise floor by default):
#   scripts/compare.sh <baseline> <current> [--threshold 10%] [--noise 1ms] [--allow-different-hosts] [--out <dir>]
# Exit 0: no case slower; 1: at least one case slower; 2: bad input (one line on stderr).
set -euo pipefail
# Paths stay relative to the caller's folder: only the tool is found from the script's place.
root=$(cd "$(dirname "$0")/.." && pwd)
# Quiet unless the build fails, so that the tool's own output (and its one-line errors) stand alone.
build_log=$(dotnet build "$root/src/ConcurrencyBench.Cli" -c Release -nologo -v quiet 2>&1) || { printf '%s\n' "$build_log" >&2; exit 1; }
exec dotnet "$root/src/ConcurrencyBench.Cli/bin/Release/net10.0/cbench.dll" compare "$@"
