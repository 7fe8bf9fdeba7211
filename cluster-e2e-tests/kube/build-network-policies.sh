#!/usr/bin/env bash
# Builds the NetworkPolicy enforcer the bed runs, sigs.k8s.io/kube-network-policies (NFQUEUE, no
# CNI, no ipset), from the Go module proxy, pinned by the module beside this script, and
# caches it by version outside the work tree, like build-control-plane.sh:
#
#   ${KUBE_BED_CACHE:-/var/cache/kube-bed}/kube-network-policies-<version>/bin/kube-network-policies
#
# stdout: only that directory. stderr: progress.
#
# A warm cache (the binary and a stamp written last that matches the pinned inputs) makes this a
# no-op. Measured on 2 cores shared with other builds (load average 17-26): cold (its packages not in the
# Go build cache) 10 min 51 s, 3 min 29 s of CPU (download ~25 s); warm cache: ~0.03 s.
#
# The version comes from kube-network-policies/go.mod; change it there, then `go mod tidy`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mod="$here/kube-network-policies"
log() { printf '[build-network-policies] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=lib/cache.sh
source "$here/lib/cache.sh"

version="$(awk '$1 == "require" { $1 = ""; $0 = $0 } $1 == "sigs.k8s.io/kube-network-policies" && $2 ~ /^v[0-9]/ { print $2; exit }' "$mod/go.mod")"
[[ -n "$version" ]] || die "could not read the pinned version from $mod/go.mod"
pkg=sigs.k8s.io/kube-network-policies/cmd
build_flags="-trimpath -buildvcs=false"
ldflags="-s -w"

recipe="$(
  { printf '%s\n' "$pkg" "$build_flags CGO_ENABLED=0" "$ldflags"
    cat "$mod/go.mod" "$mod/go.sum" "$mod/tools.go"; } | sha256sum | cut -d' ' -f1
)"
vdir="$(cache_dir "kube-network-policies-$version")"
stamp="$vdir/stamp"

is_warm() {
  [[ -f "$stamp" && "$(head -n1 "$stamp")" == "$recipe" && -x "$vdir/bin/kube-network-policies" ]]
}
cached_or_lock "$vdir" "$vdir"

command -v go >/dev/null || die "go is not installed (kube-network-policies $version needs go >= 1.23)"
go_static "$build_flags"

t_start="$(now)"
log "building kube-network-policies $version with $(go env GOVERSION) into $vdir"
rm -f "$stamp"
work="$(mktemp -d "$vdir/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

t0="$(now)"
(cd "$mod" && go list -deps "$pkg" >/dev/null) || die "downloading modules failed"
t_download="$(elapsed "$t0")"
log "download: ${t_download}s"

t0="$(now)"
(cd "$mod" && go build -ldflags="$ldflags" -o "$work/kube-network-policies" "$pkg") || die "compiling failed"
t_compile="$(elapsed "$t0")"
mkdir -p "$vdir/bin"
mv -f "$work/kube-network-policies" "$vdir/bin/kube-network-policies"
write_stamp "$stamp" "$recipe" "kube-network-policies=$version go=$(go env GOVERSION)" \
  "built=$(date -u +%Y-%m-%dT%H:%M:%SZ) download=${t_download}s compile=${t_compile}s total=$(elapsed "$t_start")s"
log "done in $(elapsed "$t_start")s (download ${t_download}s, compile ${t_compile}s)"
printf '%s\n' "$vdir"
