# shellcheck shell=bash
# kube-bed's checks before `up`: root, tools, the control-plane binaries, kubectl, a bed already up, the
# pod and service ranges free (sourced by bin/kube-bed). Needs: STATE, PIDS, BRIDGE, IPT_TAG, KUBE_DIR,
# CLUSTER_CIDR, SERVICE_CIDR, and lib/process.sh, lib/network.sh.

# ---------------------------------------------------------------------------------------------------
# Prerequisites, binaries, kubectl.

require_root() {
  [ "$(id -u)" -eq 0 ] || die "kube-bed needs root (bridge, iptables, network namespaces)"
}

# kube-proxy runs iptables-save/-restore (Debian's iptables: the nf_tables backend) and clears conntrack
# entries over netlink itself (no `conntrack` binary needed since Kubernetes 1.29).
require_tools() {
  local missing=() t
  declare -A pkg=([ip]=iproute2 [iptables]=iptables [iptables-restore]=iptables [openssl]=openssl
    [curl]=curl [dig]=dnsutils [nsenter]=util-linux [setsid]=util-linux [flock]=util-linux
    [modprobe]=kmod [sysctl]=procps [java]=openjdk-17-jre-headless [unshare]=util-linux)
  for t in "${!pkg[@]}"; do
    command -v "$t" >/dev/null 2>&1 || missing+=("${pkg[$t]}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    die "missing tools; install them with: apt-get install -y $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')"
  fi
}

# Sets BIN: KUBE_BED_BIN if given, else what kube/build-control-plane.sh prints (it builds what is
# missing and prints only the bin dir on stdout; a warm cache makes it a no-op).
resolve_bin() {
  if [ -n "${KUBE_BED_BIN:-}" ]; then
    BIN=$KUBE_BED_BIN
  else
    local build=$KUBE_DIR/build-control-plane.sh
    [ -f "$build" ] || die "$build is missing (it builds the control plane); or set KUBE_BED_BIN to a bin dir"
    BIN=$(bash "$build") || die "$build failed (see its output above)"
    BIN=${BIN%%$'\n'*}
  fi
  local b
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kube-proxy coredns; do
    [ -x "$BIN/$b" ] || die "$BIN/$b is missing: the control-plane build did not produce it"
  done
  case $BIN in *' '*) die "the bin dir must not contain spaces (the image map splits commands on spaces): $BIN" ;; esac
}

# Sets KUBECTL: the bin dir's kubectl (same version as the apiserver), else the machine's.
resolve_kubectl() {
  if [ -n "$BIN" ] && [ -x "$BIN/kubectl" ]; then
    KUBECTL=$BIN/kubectl
  elif [ -f "$STATE/bin-dir" ] && [ -x "$(cat "$STATE/bin-dir")/kubectl" ]; then
    KUBECTL=$(cat "$STATE/bin-dir")/kubectl
  elif command -v kubectl >/dev/null 2>&1; then
    KUBECTL=$(command -v kubectl)
  else
    KUBECTL=""
  fi
}

kc() { "$KUBECTL" --kubeconfig "$ADMIN_KUBECONFIG" "$@"; }

# ---------------------------------------------------------------------------------------------------
# State of a previous bed.

# Names of the processes recorded as running.
live_processes() {
  local f name
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    live_pid "$name" >/dev/null && echo "$name"
  done
  return 0
}

# The bridge carries the state dir of the bed that made it (its alias). Prints that dir if it is
# another one than ours and a process recorded there still runs: that bed is up, and ours must leave
# the shared bridge, addresses and ports alone.
foreign_bed() {
  local owner f
  owner=$(cat "/sys/class/net/$BRIDGE/ifalias" 2>/dev/null) || return 1
  owner=${owner#"$IPT_TAG "}
  [ -n "$owner" ] && [ "$owner" != "$STATE" ] || return 1
  for f in "$owner"/pids/*.pid; do
    if pidfile_live "$f" >/dev/null; then echo "$owner"; return 0; fi
  done
  return 1
}

refuse_if_up() {
  local live other
  if other=$(foreign_bed); then
    die "a kube-bed is already up in $other (bridge $BRIDGE); run 'KUBE_BED_DIR=$other kube-bed down' first"
  fi
  live=$(live_processes | tr '\n' ' ')
  if [ -n "$live" ]; then
    die "a kube-bed is already up in $STATE (running: $live); run 'kube-bed down' first"
  fi
  if [ -d "$STATE" ] || ip link show "$BRIDGE" >/dev/null 2>&1 || [ "$(count_our_rules)" -gt 0 ] || kube_proxy_rules_present; then
    log "cleaning the leftovers of a bed that is no longer running"
    teardown
  fi
}

# The pod and service ranges must be ours alone.
refuse_if_routed() {
  local cidr routes
  for cidr in "$CLUSTER_CIDR" "$SERVICE_CIDR"; do
    routes=$( { ip -4 route show table all root "$cidr"; ip -4 route show match "$cidr" | grep -v '^default'; } 2>/dev/null | grep -v '^local ' | sort -u | paste -sd ';' || true)
    if [ -n "$routes" ]; then
      die "$cidr is already routed on this machine (another test bed is running?): $routes"
    fi
  done
  if [ -n "$(ip -4 -o addr show to "$CLUSTER_CIDR")" ]; then
    die "an address in $CLUSTER_CIDR is already assigned: $(ip -4 -o addr show to "$CLUSTER_CIDR")"
  fi
}

