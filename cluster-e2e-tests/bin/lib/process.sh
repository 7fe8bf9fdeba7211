# shellcheck shell=bash
# kube-bed's output, phase timing and processes (sourced by bin/kube-bed).
# Needs: LOGS, PIDS, STOP_TIMEOUT (associative array).

# ---------------------------------------------------------------------------------------------------
# Output and timing. stdout is reserved for the single `export KUBECONFIG=...` line of `up`.

log() { printf '[kube-bed] %s\n' "$*" >&2; }
die() { printf '[kube-bed] ERROR: %s\n' "$*" >&2; exit 1; }

PHASE_NAME=""
PHASE_START=""
TIMINGS=()
phase() {                       # phase NAME: ends the running phase (printing its time), starts NAME
  phase_end
  PHASE_NAME=$1
  PHASE_START=$EPOCHREALTIME
  log "== $PHASE_NAME"
}
phase_end() {
  [ -n "$PHASE_NAME" ] || return 0
  local took
  took=$(elapsed "$PHASE_START")
  TIMINGS+=("$PHASE_NAME=${took}s")
  log "   $PHASE_NAME took ${took}s"
  PHASE_NAME=""
}
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------------------------------------------
# Processes. Each one we start gets logs/NAME.log and pids/NAME.pid = "PID STARTTIME": the start time
# (field 22 of /proc/PID/stat) tells our process from a later one that reuses the PID, so `down` never
# signals a stranger.

# The start time of PID, empty if it is gone. A zombie counts as gone: it has exited, and on a machine
# whose init does not reap orphans it may stay a zombie for good.
proc_starttime() {
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }              # the fields after "(comm)", which may itself hold spaces
  read -r -a fields <<<"$stat"
  [ "${fields[0]}" != Z ] || return 0
  echo "${fields[19]}"
}

# Prints the PID of NAME if the process we recorded still runs, else nothing (and fails).
live_pid() { pidfile_live "$PIDS/$1.pid"; }

pidfile_live() {
  local file=$1 pid start
  [ -f "$file" ] || return 1
  read -r pid start <"$file" || return 1
  [ -n "$pid" ] && [ "$(proc_starttime "$pid")" = "$start" ] || return 1
  echo "$pid"
}

# start_proc NAME COMMAND...: runs COMMAND in the background in a session of its own (so the caller's
# Ctrl-C or process-group kill does not reach it; `down` stops it), every fd redirected so that nobody
# reading our stdout/stderr waits for the daemon to close it.
start_proc() {
  local name=$1; shift
  mkdir -p "$LOGS" "$PIDS"
  setsid "$@" </dev/null >>"$LOGS/$name.log" 2>&1 8>&- 9>&- &
  local pid=$!
  # setsid execs in place (we are not a process-group leader), so $! is the program itself.
  local start=""
  for _ in 1 2 3 4 5; do start=$(proc_starttime "$pid") && [ -n "$start" ] && break; sleep 0.01; done
  [ -n "$start" ] || die "$name exited at once: $(tail -n 20 "$LOGS/$name.log" 2>/dev/null)"
  echo "$pid $start" >"$PIDS/$name.pid"
  log "   started $name (pid $pid, log $LOGS/$name.log)"
}

# stop_proc NAME: SIGTERM, then SIGKILL after STOP_TIMEOUT[NAME] seconds.
stop_proc() {
  local name=$1 pid bound
  bound=${STOP_TIMEOUT[$name]:-10}
  if pid=$(live_pid "$name"); then
    log "   stopping $name (pid $pid, SIGTERM, SIGKILL after ${bound}s)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + bound))
    while [ -n "$(proc_starttime "$pid")" ] && [ $SECONDS -lt $deadline ]; do
      sleep 0.1
    done
    wait "$pid" 2>/dev/null || true   # reaps it if it is our child (`up` tearing down after a failure)
    if pid=$(live_pid "$name"); then
      log "   $name did not stop within ${bound}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
  fi
  rm -f "$PIDS/$name.pid"
}

# wait_until NAME SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds; fails early (with the
# tail of NAME's log) if NAME's process died, or after SECONDS.
wait_until() {
  local name=$1 timeout=$2 what=$3; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$name" ] && ! live_pid "$name" >/dev/null; then
      log "$name exited; last lines of $LOGS/$name.log:"
      tail -n 30 "$LOGS/$name.log" >&2 2>/dev/null || true
      die "$name died while waiting for: $what"
    fi
    if [ $SECONDS -ge $deadline ]; then
      if [ -n "$name" ]; then
        log "last lines of $LOGS/$name.log:"
        tail -n 30 "$LOGS/$name.log" >&2 2>/dev/null || true
      fi
      die "timed out after ${timeout}s waiting for: $what"
    fi
    sleep 0.2
  done
}
