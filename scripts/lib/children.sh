# Sourced by the scripts that start long steps (run.sh, ci-perf.sh). Each step runs in a process group of its own, so
# that an interrupt can end all of it (BenchmarkDotNet's host, its benchmark processes, dotnet build and its nodes, the
# Python runner and its interpreters) and the script can clean up after it, with an exit code that is never a verdict:
# 130 after SIGINT, 143 after SIGTERM, whether the signal went to the script alone or to its whole process group.
#   on_interrupt FUNCTION   FUNCTION runs (given 130 or 143) after the running step is ended; then the script exits so
#   run_step COMMAND...     runs COMMAND in its own process group, waits, returns its exit status
#   in_dir DIR COMMAND...   runs COMMAND in DIR (for run_step: run_step in_dir "$tree" dotnet ...)
step_pgid=""
interrupt_handler=""
on_interrupt() { interrupt_handler=$1; trap 'interrupted 130 INT' INT; trap 'interrupted 143 TERM' TERM; }
run_step() {
  local status=0
  set -m
  "$@" &
  step_pgid=$!
  set +m
  wait "$step_pgid" || status=$?
  step_pgid=""
  return "$status"
}
# Ends the running step's whole process group: the signal first; SIGTERM after 3 s for what ignores it (a shell's
# background children ignore SIGINT); SIGKILL after 10 s for what is left.
stop_step() { # signal
  [ -n "$step_pgid" ] || return 0
  local i signal=$1
  for i in $(seq 1 100); do
    [ "$i" -ne 1 ] || kill -"$signal" -- -"$step_pgid" 2>/dev/null || kill -"$signal" "$step_pgid" 2>/dev/null || true
    [ "$i" -ne 31 ] || kill -TERM -- -"$step_pgid" 2>/dev/null || true
    kill -0 -- -"$step_pgid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- -"$step_pgid" 2>/dev/null || true
  wait "$step_pgid" 2>/dev/null || true
  step_pgid=""
}
in_dir() { cd "$1" && shift && "$@"; }
interrupted() { # exit-code signal
  trap '' INT TERM
  set +e
  stop_step "$2"
  [ -z "$interrupt_handler" ] || "$interrupt_handler" "$1"
  exit "$1"
}
