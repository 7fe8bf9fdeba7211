# shellcheck shell=bash
# kube-bed's NetworkPolicy enforcer: sigs.k8s.io/kube-network-policies, built by
# kube/build-network-policies.sh (sourced by bin/kube-bed). Needs: STATE, LOGS, PKI, KUBE_DIR, GATEWAY, BRIDGE,
# IPT_TAG, and lib/process.sh, lib/preflight.sh (kc).
#
# How pod traffic meets it: every pod's veth is a port of the bridge kbed0 on this one host, and br_netfilter
# (bridge-nf-call-iptables=1, set by setup_network) passes bridged IPv4 packets through the host's netfilter
# hooks. The first packet of every new flow toward a pod (conntrack state new) goes to NFQUEUE 100, without the
# bypass flag; the program reads the queue, decides from the NetworkPolicies and the pods' IPs, labels and
# namespaces it watches in the API, and accepts or drops the packet. Nobody reading the queue (the program down)
# drops the packet: --fail-open=false.
#
# The queueing rule is ours, the decision is the program's. The program writes that rule itself as an nftables
# table (postrouting: accept the host's root user, accept established flows, queue the rest), but the nftables
# queue expression needs CONFIG_NFT_QUEUE, which this machine's kernel lacks (it has the iptables NFQUEUE
# target, CONFIG_NETFILTER_XT_TARGET_NFQUEUE): its table fails to load ("netlink receive: no such file or
# directory" in its log at each sync) and its queue reader runs all the same. So kube-bed installs the same rule
# with iptables (mangle POSTROUTING, chain KUBE-BED-NETPOL), for every pod flow whatever its Node.
#
# One program for the three Nodes: in a real cluster it is a DaemonSet, one per Node, each queueing the flows of
# its own Node's pods. Here the Nodes are processes of one node agent on one host, with one netfilter: one
# program reads the one queue. Its decision does not depend on the Node (it looks up both ends of a packet among
# all the pods it watches); the Node name it is given, node-a's, only picks the pods of its own (now idle) table.
#
# Traffic of the host's root user (the node agent's probes, the tests' HTTP calls from the host, as a kubelet's
# probes) is not queued, as the program's own rule accepts it.

readonly NETPOL_CHAIN=KUBE-BED-NETPOL
readonly NETPOL_QUEUE=100
readonly NETPOL_TABLE=kube-network-policies   # the program's own nftables table (inet), where a kernel loads it
readonly NETPOL_METRICS=127.0.0.1:10263

NETPOL_DIR=""   # the build's output directory (bin/), set by resolve_network_policies

resolve_network_policies() {
  NETPOL_DIR=$("$KUBE_DIR/build-network-policies.sh") || die "building kube-network-policies failed"
  [ -x "$NETPOL_DIR/bin/kube-network-policies" ] || die "no kube-network-policies in $NETPOL_DIR/bin"
}

# The program takes its API credentials only as a pod does (rest.InClusterConfig: a token and the CA at
# /var/run/secrets/kubernetes.io/serviceaccount, KUBERNETES_SERVICE_HOST/PORT). It runs in a mount namespace of
# its own with a tmpfs on /run holding those two files, so nothing is written on the host.
start_network_policies() {
  kc apply -f "$KUBE_DIR/manifests/kube-network-policies.yaml" >&2
  local sa=$STATE/network-policies
  mkdir -p "$sa"
  chmod 700 "$sa"
  # A bound token for the bed's lifetime (the apiserver sets no maximum).
  kc -n kube-system create token kube-network-policies --duration=168h >"$sa/token"
  cp "$PKI/ca.crt" "$sa/ca.crt"
  install_network_policies_queue
  # --netfilter-bug-1766-fix=false: the conntrack race it works around is fixed in kernels 6.12+.
  start_proc network-policies env KUBERNETES_SERVICE_HOST="$GATEWAY" KUBERNETES_SERVICE_PORT=6443 \
    unshare --mount --propagation private sh -c '
      token=$(cat "$1/token") && ca=$(cat "$1/ca.crt") &&
      mount -t tmpfs -o mode=755 tmpfs /run &&
      dir=/run/secrets/kubernetes.io/serviceaccount && mkdir -p "$dir" &&
      printf "%s" "$token" >"$dir/token" && printf "%s\n" "$ca" >"$dir/ca.crt" &&
      shift && exec "$@"' sh "$sa" \
    "$NETPOL_DIR/bin/kube-network-policies" \
    --hostname-override=node-a --fail-open=false --nfqueue-id="$NETPOL_QUEUE" \
    --netfilter-bug-1766-fix=false \
    --metrics-bind-address="$NETPOL_METRICS" --v=2
}

# Its caches are synced (it logs so right before it opens the queue).
wait_network_policies() {
  wait_until network-policies 60 "kube-network-policies' informer caches synced" \
    grep -q 'Caches are synced for kube-network-policies' "$LOGS/network-policies.log"
}

# The program's rule, in iptables: the flows toward the bridge (pod to pod, bridged or through a ClusterIP), but
# the host's root user's and established ones, to the queue.
install_network_policies_queue() {
  iptables -w -t mangle -N "$NETPOL_CHAIN"
  iptables -w -t mangle -A "$NETPOL_CHAIN" -m owner --uid-owner 0 -j RETURN
  iptables -w -t mangle -A "$NETPOL_CHAIN" -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN
  iptables -w -t mangle -A "$NETPOL_CHAIN" -j NFQUEUE --queue-num "$NETPOL_QUEUE"
  iptables -w -t mangle -I POSTROUTING 1 -o "$BRIDGE" -m comment --comment "$IPT_TAG" -j "$NETPOL_CHAIN"
}

remove_network_policies_queue() {
  while iptables -w -t mangle -D POSTROUTING -o "$BRIDGE" -m comment --comment "$IPT_TAG" -j "$NETPOL_CHAIN" 2>/dev/null; do :; done
  if iptables -w -t mangle -F "$NETPOL_CHAIN" 2>/dev/null; then
    iptables -w -t mangle -X "$NETPOL_CHAIN" 2>/dev/null || true
  fi
  # Where the kernel loads the program's own table, a program killed before it deleted it leaves it queueing.
  if command -v nft >/dev/null 2>&1; then nft delete table inet "$NETPOL_TABLE" 2>/dev/null || true; fi
}

# SIGINT is the program's signal to stop (it then waits 5 s); SIGTERM would end it at once. The queueing rule
# goes first: with nobody reading the queue it would drop every new pod flow.
stop_network_policies() {
  local pid deadline
  remove_network_policies_queue
  if pid=$(live_pid network-policies); then
    log "   stopping network-policies (pid $pid, SIGINT)"
    kill -INT "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 8))
    while [ -n "$(proc_starttime "$pid")" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  fi
  stop_proc network-policies   # SIGTERM, then SIGKILL, if it is still there
}
