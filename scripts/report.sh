#!/usr/bin/env bash
# Render the charts and report again from saved results, without running any benchmark:
#   scripts/report.sh <results-dir> [more results dirs or files...] [--out <dir>]
# Default output: <results-dir>/report. The raw results are only read. Bad input: one line, exit 2.
set -euo pipefail
# Paths stay relative to the caller's folder: only the tool is found from the script's place.
root=$(cd "$(dirname "$0")/.." && pwd)
# Quiet unless the build fails, so that the tool's own output (and its one-line errors) stand alone.
build_log=$(dotnet build "$root/src/ConcurrencyBench.Cli" -c Release -nologo -v quiet 2>&1) || { printf '%s\n' "$build_log" >&2; exit 1; }
exec dotnet "$root/src/ConcurrencyBench.Cli/bin/Release/net10.0/cbench.dll" report "$@"
