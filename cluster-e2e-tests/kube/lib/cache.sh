# shellcheck shell=bash
# What the build-*.sh scripts beside it share: a directory per pinned version under
# ${KUBE_BED_CACHE:-/var/cache/kube-bed}, one build at a time per directory, a stamp renamed into
# place last that marks it complete, static Go binaries, and timing.
# Needs from the script: log, die, and is_warm (true when its cache directory is complete).

# cache_dir NAME: the cache's directory NAME.
cache_dir() { printf '%s/%s\n' "${KUBE_BED_CACHE:-/var/cache/kube-bed}" "$1"; }

# cached_or_lock DIR RESULT: when the cache is complete, prints RESULT (the script's only stdout) and
# ends the script. Otherwise creates DIR and holds its lock (fd 9) for the rest of the script; when
# another build of DIR held it and completed the cache meanwhile, prints RESULT and ends the script.
cached_or_lock() {
  local dir="$1" result="$2"
  if is_warm; then
    log "cached: $result"
    printf '%s\n' "$result"
    exit 0
  fi
  mkdir -p "$dir" 2>/dev/null || die "cannot create $dir (set KUBE_BED_CACHE to a writable directory)"
  exec 9>"$dir/.lock"
  if ! flock -n 9; then
    log "another build of $dir is running; waiting for it"
    flock 9
  fi
  if is_warm; then
    log "cached: $result"
    printf '%s\n' "$result"
    exit 0
  fi
}

# go_static FLAGS: static binaries (CGO_ENABLED=0), FLAGS added to the GOFLAGS of `go env -w` (the
# environment's GOFLAGS would otherwise replace them).
go_static() {
  export CGO_ENABLED=0
  local configured
  configured="$(go env GOFLAGS)"
  export GOFLAGS="${configured:+$configured }$1"
}

# write_stamp STAMP LINE...: the recipe first, then what was built and how long it took; renamed into
# place last, so a stamp that is there marks a complete cache.
write_stamp() {
  local stamp="$1"
  shift
  printf '%s\n' "$@" >"$stamp.tmp"
  mv -f "$stamp.tmp" "$stamp"
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
