#!/usr/bin/env bash
# Builds the history checker of PartitionHistoryIT (../checker: a small main around
# Porcupine, github.com/anishathalye/porcupine, pinned in ../checker/go.mod) from
# the Go module proxy, and caches it by version outside the work tree:
#
#   ${KUBE_BED_CACHE:-/var/cache/kube-bed}/history-checker-<porcupine>-<recipe>/history-checker
#
# stdout: only the binary's path. stderr: progress. A warm cache (the binary
# present for this recipe: go.mod, go.sum, main.go, flags) makes this a no-op; a
# cold one downloads Porcupine into the default Go module cache and compiles in a
# few seconds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/../checker"
log() { printf '[build-history-checker] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=lib/cache.sh
source "$here/lib/cache.sh"

porcupine_version="$(awk '$1 == "require" && $2 == "github.com/anishathalye/porcupine" { print $3 }' "$src/go.mod")"
[[ -n "$porcupine_version" ]] || die "could not read Porcupine's pinned version from $src/go.mod"
build_flags="-trimpath -buildvcs=false"
recipe="$(
  { echo "$build_flags CGO_ENABLED=0 -ldflags=-s -w"; cat "$src/go.mod" "$src/go.sum" "$src"/*.go; } \
    | sha256sum | cut -c1-12
)"
vdir="$(cache_dir "history-checker-$porcupine_version-$recipe")"
binary="$vdir/history-checker"
# The directory's name holds the recipe: the binary, renamed into place last, marks it complete.
is_warm() { [[ -x "$binary" ]]; }
cached_or_lock "$vdir" "$binary"

command -v go >/dev/null || die "go is not installed (Go >= 1.22 builds the history checker)"
log "building with Porcupine $porcupine_version and $(go env GOVERSION) into $vdir"
# -mod=readonly: go.sum must already hold Porcupine's checksum (nothing is added on the fly).
go_static "$build_flags -mod=readonly"
(cd "$src" && go build -ldflags="-s -w" -o "$binary.tmp" .) || die "compiling the history checker failed"
mv -f "$binary.tmp" "$binary"
log "built: $binary"
printf '%s\n' "$binary"
