#!/usr/bin/env bash
# Builds the real Kubernetes control-plane programs from the Go module proxy,
# pinned by the small modules beside this script, and caches them by version
# outside the work tree:
#
#   ${KUBE_BED_CACHE:-/var/cache/kube-bed}/<k8s>-<etcd>-<coredns>/bin/
#     etcd etcdctl kube-apiserver kube-controller-manager kube-scheduler
#     kube-proxy kubectl coredns
#
# stdout: only that bin directory (for `bin="$(.../build-control-plane.sh)"`).
# stderr: progress.
#
# A warm cache (every binary present and a stamp written last that matches the
# pinned inputs) makes this a no-op. A cold run downloads the needed modules
# into the default Go module cache and compiles with the default build cache,
# so later runs (and other versions) reuse both. Measured on 2 cores: cold
# 12 min 16 s on idle cores (download 23 s), ~29 min next to a Maven test run;
# ~30 s when only the Go caches are warm; warm cache: ~0.03 s.
#
# Versions come from the go.mod files: kubernetes/ (k8s.io/kubernetes and its
# staging modules), etcd/ (go.etcd.io/etcd/server/v3), coredns/
# (github.com/coredns/coredns). Change them there, then `go mod tidy`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '[build-control-plane] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=lib/cache.sh
source "$here/lib/cache.sh"

# Version of module $2 as required in $here/$1/go.mod.
modver() {
  awk -v m="$2" '$1 == m && $2 ~ /^v[0-9]/ { print $2; exit }' "$here/$1/go.mod"
}

k8s_version="$(modver kubernetes k8s.io/kubernetes)"
etcd_version="$(modver etcd go.etcd.io/etcd/server/v3)"
coredns_version="$(modver coredns github.com/coredns/coredns)"
[[ -n "$k8s_version" && -n "$etcd_version" && -n "$coredns_version" ]] \
  || die "could not read the pinned versions from $here/{kubernetes,etcd,coredns}/go.mod"

binaries=(etcd etcdctl kube-apiserver kube-controller-manager kube-scheduler kube-proxy kubectl coredns)
k8s_pkgs=(
  k8s.io/kubernetes/cmd/kube-apiserver
  k8s.io/kubernetes/cmd/kube-controller-manager
  k8s.io/kubernetes/cmd/kube-scheduler
  k8s.io/kubernetes/cmd/kube-proxy
  k8s.io/kubernetes/cmd/kubectl
)
etcd_pkgs=(go.etcd.io/etcd/server/v3 go.etcd.io/etcd/etcdctl/v3)
coredns_pkgs=(.)

# Static binaries; -trimpath, -buildvcs=false (coredns/main.go lives in this
# git work tree) and -s -w keep them reproducible and links fast.
build_flags="-trimpath -buildvcs=false"
k8s_minor="${k8s_version#v1.}"; k8s_minor="${k8s_minor%%.*}"
k8s_ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $p.gitVersion=$k8s_version -X $p.gitMajor=1 -X $p.gitMinor=$k8s_minor"
  k8s_ldflags+=" -X $p.gitTreeState=clean"
done
etcd_ldflags="-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=module-$etcd_version"
coredns_ldflags="-s -w -X github.com/coredns/coredns/coremain.GitCommit=module-$coredns_version"

# Everything that decides what gets built; a stamp that differs forces a rebuild.
recipe="$(
  {
    printf '%s\n' "$k8s_ldflags" "$etcd_ldflags" "$coredns_ldflags" "$build_flags CGO_ENABLED=0"
    printf '%s\n' "${binaries[@]}" "${k8s_pkgs[@]}" "${etcd_pkgs[@]}"
    cat "$here"/kubernetes/go.mod "$here"/kubernetes/go.sum \
        "$here"/etcd/go.mod "$here"/etcd/go.sum \
        "$here"/coredns/go.mod "$here"/coredns/go.sum "$here"/coredns/*.go
  } | sha256sum | cut -d' ' -f1
)"

vdir="$(cache_dir "$k8s_version-$etcd_version-$coredns_version")"
bin="$vdir/bin"
stamp="$vdir/stamp"

is_warm() {
  [[ -f "$stamp" ]] && [[ "$(head -n1 "$stamp")" == "$recipe" ]] || return 1
  local b
  for b in "${binaries[@]}"; do [[ -x "$bin/$b" ]] || return 1; done
}

cached_or_lock "$vdir" "$bin"

command -v go >/dev/null || die "go is not installed (Go >= 1.26 is needed: k8s.io/kubernetes $k8s_version says go 1.26.0)"
go_version="$(go env GOVERSION)"
go_minor="${go_version#go1.}"; go_minor="${go_minor%%[.a-z]*}"
if [[ "$go_minor" =~ ^[0-9]+$ ]] && (( go_minor < 26 )) && [[ -z "${GOTOOLCHAIN:-}" || "${GOTOOLCHAIN:-}" == local ]]; then
  die "$go_version is too old for k8s.io/kubernetes $k8s_version (needs go >= 1.26.0); install a newer Go or set GOTOOLCHAIN"
fi

go_static "$build_flags"

log "building Kubernetes $k8s_version, etcd $etcd_version, CoreDNS $coredns_version with $go_version"
log "into $bin (module cache $(go env GOMODCACHE), build cache $(go env GOCACHE))"
rm -f "$stamp"
work="$(mktemp -d "$vdir/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

t_start="$(now)"

# 1. Download: `go list -deps` fetches exactly the modules whose packages the
#    programs import (not the whole module graph), for all three modules at once.
t0="$(now)"
fetch() {  # name dir pkgs...
  local name="$1" dir="$2"; shift 2
  (cd "$here/$dir" && go list -deps "$@" >/dev/null 2>"$work/fetch-$name.log") \
    || { cat "$work/fetch-$name.log" >&2; return 1; }
}
fetch kubernetes kubernetes "${k8s_pkgs[@]}" & p1=$!
fetch etcd etcd "${etcd_pkgs[@]}" & p2=$!
fetch coredns coredns "${coredns_pkgs[@]}" & p3=$!
failed=0
for p in $p1 $p2 $p3; do wait "$p" || failed=1; done
(( failed == 0 )) || die "downloading modules failed"
t_download="$(elapsed "$t0")"
log "download: ${t_download}s"

# 2. Compile: one `go build` per module, so the programs of a module share work.
build() {  # name dir ldflags pkgs...
  local name="$1" dir="$2" ldflags="$3"; shift 3
  local t; t="$(now)"
  log "compiling $name ..."
  (cd "$here/$dir" && go build -ldflags="$ldflags" -o "$work/$name/" "$@") \
    || die "compiling $name failed"
  log "compiled $name: $(elapsed "$t")s"
}
t0="$(now)"
build etcd etcd "$etcd_ldflags" "${etcd_pkgs[@]}"
mv "$work/etcd/server" "$work/etcd/etcd"  # the binary of go.etcd.io/etcd/server/v3
build coredns coredns "$coredns_ldflags" "${coredns_pkgs[@]}"
build kubernetes kubernetes "$k8s_ldflags" "${k8s_pkgs[@]}"
t_compile="$(elapsed "$t0")"

mkdir -p "$bin"
for b in "${binaries[@]}"; do
  src=""
  for f in "$work"/*/"$b"; do [[ -x "$f" ]] && src="$f"; done
  [[ -n "$src" ]] || die "missing binary after build: $b"
  mv -f "$src" "$bin/$b"
done
write_stamp "$stamp" "$recipe" "kubernetes=$k8s_version etcd=$etcd_version coredns=$coredns_version go=$go_version" \
  "built=$(date -u +%Y-%m-%dT%H:%M:%SZ) download=${t_download}s compile=${t_compile}s total=$(elapsed "$t_start")s"
log "done in $(elapsed "$t_start")s (download ${t_download}s, compile ${t_compile}s)"
printf '%s\n' "$bin"
