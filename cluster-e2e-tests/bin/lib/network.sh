# shellcheck shell=bash
# kube-bed's network: the bridge, sysctls, iptables rules, leftovers of pods, the dig namespace
# (sourced by bin/kube-bed). Needs: STATE, BRIDGE, GATEWAY, SERVICE_CIDR, IPT_TAG, CLUSTER_DOMAIN,
# DNS_SERVICE_IP, DIG_NETNS, DIG_IP, DIG_MAC, and lib/process.sh.

# ---------------------------------------------------------------------------------------------------
# Network: bridge, sysctls, iptables.

# set_sysctl KEY VALUE: records the old value once (restored by `down`), then sets it.
set_sysctl() {
  local key=$1 value=$2 old
  old=$(sysctl -n "$key")
  grep -q "^$key=" "$STATE/sysctl.saved" 2>/dev/null || echo "$key=$old" >>"$STATE/sysctl.saved"
  [ "$old" = "$value" ] || sysctl -q -w "$key=$value"
}

restore_sysctls() {
  [ -f "$STATE/sysctl.saved" ] || return 0
  local line
  while IFS= read -r line; do
    [ -z "$line" ] || sysctl -q -w "$line" || log "could not restore $line"
  done <"$STATE/sysctl.saved"
  rm -f "$STATE/sysctl.saved"
}

setup_network() {
  ip link add name "$BRIDGE" type bridge
  ip link set dev "$BRIDGE" alias "$IPT_TAG $STATE"     # whose bridge it is: see foreign_bed
  ip addr add "$GATEWAY/16" dev "$BRIDGE"
  ip link set dev "$BRIDGE" up
  # The host routes the whole service range into the bridge: a ClusterIP that kube-proxy did not DNAT
  # (no such Service, no endpoint) then dies on the bridge instead of following the default route out
  # of the machine. Pods route 10.96.0.0/12 via 10.244.0.1 (the agent sets that, and no default route).
  ip route add "$SERVICE_CIDR" dev "$BRIDGE" src "$GATEWAY"

  # Forwarding: pod -> ClusterIP -> pod on the same bridge is routed through the host (DNAT). The
  # reply goes pod -> pod at layer 2, so it must traverse iptables (bridge-nf-call-iptables) for
  # conntrack to undo the DNAT; else the client sees an answer from an address it never asked.
  [ -d /proc/sys/net/bridge ] || modprobe br_netfilter || die "modprobe br_netfilter failed: kube-proxy needs bridge-nf-call-iptables"
  set_sysctl net.ipv4.ip_forward 1
  set_sysctl net.bridge.bridge-nf-call-iptables 1

  # FORWARD: accept bridge-to-bridge traffic (whatever the chain's policy), and drop anything that would
  # cross between the bridge and another interface: nothing of the bed leaves the machine or enters it.
  iptables -w -I FORWARD 1 -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$IPT_TAG" -j ACCEPT
  iptables -w -I FORWARD 2 -i "$BRIDGE" ! -o "$BRIDGE" -m comment --comment "$IPT_TAG" -j DROP
  iptables -w -I FORWARD 3 ! -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$IPT_TAG" -j DROP
}

# (Note for the pipelines below: with pipefail, `producer | grep -q` fails when grep stops reading
# early and the producer dies of SIGPIPE; so the output is captured first.)
count_our_rules() {
  local rules
  rules=$(iptables -w -S FORWARD 2>/dev/null || true)
  grep -c -- "--comment $IPT_TAG\b" <<<"$rules" || true
}

# kube-proxy's chains (KUBE-*) in any table, or its nftables tables.
kube_proxy_rules_present() {
  local rules
  rules=$(iptables-save 2>/dev/null || true; ip6tables-save 2>/dev/null || true)
  grep -q -- ':KUBE-' <<<"$rules" && return 0
  command -v nft >/dev/null 2>&1 && nft list table ip kube-proxy >/dev/null 2>&1
}

remove_iptables_rules() {
  local line args
  while IFS= read -r line; do
    read -ra args <<<"${line#-A FORWARD }"
    iptables -w -D FORWARD "${args[@]}" 2>/dev/null || true
  done < <(iptables -w -S FORWARD 2>/dev/null | grep -- "--comment $IPT_TAG" || true)
}

# Processes of pods that outlived the node agent (it was killed) sit in the network namespaces it
# named kb-* (PodNetwork): `ip netns pids` names them; they are killed, then the namespaces and the
# bridge's ports are deleted.
kill_pod_leftovers() {
  local ns pids
  for ns in $(ip netns list 2>/dev/null | awk '$1 ~ /^kb-/ { print $1 }'); do
    pids=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
    if [ -n "${pids// /}" ]; then
      log "   killing leftover pod process(es) in network namespace $ns: $pids"
      # shellcheck disable=SC2086  # a list of PIDs
      kill -KILL $pids 2>/dev/null || true
    fi
    log "   deleting leftover network namespace $ns"
    ip netns delete "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns"
  done
  local port
  for port in /sys/class/net/"$BRIDGE"/brif/*; do
    [ ! -e "$port" ] || ip link delete dev "$(basename "$port")" 2>/dev/null || true
  done
}

teardown_network() {
  remove_dig_netns
  kill_pod_leftovers
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link delete dev "$BRIDGE" || log "could not delete bridge $BRIDGE"
  fi
  remove_iptables_rules
  restore_sysctls
}

# ---------------------------------------------------------------------------------------------------
# The dig namespace.

# A throwaway pod-like namespace on the bridge: 10.244.255.250/16, the service range via the gateway,
# no default route, and a pod's resolv.conf (namespace default). One at a time (flock).
make_dig_netns() {
  ip netns add "$DIG_NETNS"
  # A fixed MAC for the fixed IP (0a:58 + the IP in hex, as the CNI bridge plugin derives it): with a
  # new random MAC each time, the pods' and the host's neighbour caches would still send answers to the
  # previous namespace's MAC, and every other query would time out.
  ip link add kbdig0 type veth peer name eth0 address "$DIG_MAC" netns "$DIG_NETNS"
  ip link set dev kbdig0 master "$BRIDGE" up
  ip -n "$DIG_NETNS" link set lo up
  ip -n "$DIG_NETNS" addr add "$DIG_IP/16" dev eth0
  ip -n "$DIG_NETNS" link set eth0 up
  ip -n "$DIG_NETNS" route add "$SERVICE_CIDR" via "$GATEWAY"
  mkdir -p "/etc/netns/$DIG_NETNS"
  printf 'search default.svc.%s svc.%s %s\nnameserver %s\noptions ndots:5\n' \
    "$CLUSTER_DOMAIN" "$CLUSTER_DOMAIN" "$CLUSTER_DOMAIN" "$DNS_SERVICE_IP" >"/etc/netns/$DIG_NETNS/resolv.conf"
}

remove_dig_netns() {
  ip netns delete "$DIG_NETNS" 2>/dev/null || true   # takes its end of the veth pair with it
  ip link delete dev kbdig0 2>/dev/null || true
  rm -rf "/etc/netns/$DIG_NETNS"
}

dig_in_netns() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || die "no bed is up (bridge $BRIDGE missing)"
  (
    flock 9
    remove_dig_netns
    make_dig_netns
    local rc=0
    ip netns exec "$DIG_NETNS" dig "$@" || rc=$?
    remove_dig_netns
    exit $rc
  ) 9>/run/kube-bed-dig.lock     # machine-wide, like the namespace's name and address
}
