# shellcheck shell=bash
# kube-bed's keys, certificates and kubeconfigs (sourced by bin/kube-bed).
# Needs: PKI, STATE, ADMIN_KUBECONFIG, API_SERVER, API_SERVICE_IP, GATEWAY, CLUSTER_DOMAIN.

# ---------------------------------------------------------------------------------------------------
# PKI: EC P-256 keys (fast), one CA that signs everything. The identities a Java client may load
# (admin, node agent) get RSA keys instead: Java Kubernetes clients (fabric8) read RSA PEM keys with the
# JDK alone, while their support of EC keys depends on version and extra libraries.

new_key() {   # new_key FILE ec|rsa
  case $2 in
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null ;;
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null ;;
  esac
  chmod 600 "$1"
}

# issue_cert NAME SUBJECT EXTENSIONS [KEYTYPE]: pki/NAME.key + pki/NAME.crt signed by the CA.
issue_cert() {
  local name=$1 subject=$2 ext=$3 keytype=${4:-ec}
  new_key "$PKI/$name.key" "$keytype"
  # Key usage as kubeadm's certs have it: RSA keys also encipher (RSA key exchange), EC keys only sign.
  local usage=digitalSignature
  [ "$keytype" != rsa ] || usage+=,keyEncipherment
  ext+=$'\n'"keyUsage=critical,$usage"
  openssl req -new -key "$PKI/$name.key" -subj "$subject" 2>/dev/null |
    openssl x509 -req -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
      -days 365 -sha256 -extfile <(printf '%s\n' "$ext") -out "$PKI/$name.crt" 2>/dev/null
}

# write_kubeconfig FILE USER CERT-NAME: credentials embedded, so the file can be copied elsewhere.
write_kubeconfig() {
  local file=$1 user=$2 cert=$3
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kube-bed
  cluster:
    server: $API_SERVER
    certificate-authority-data: $(base64 -w0 <"$PKI/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 <"$PKI/$cert.crt")
    client-key-data: $(base64 -w0 <"$PKI/$cert.key")
contexts:
- name: $user@kube-bed
  context:
    cluster: kube-bed
    user: $user
current-context: $user@kube-bed
EOF
  chmod 600 "$file"
}

make_pki() {
  mkdir -p "$PKI"
  new_key "$PKI/ca.key" ec
  openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=kube-bed-ca" -days 3650 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$PKI/ca.crt" 2>/dev/null

  # The certificates are independent (random serials, no CA database): issue them in parallel.
  local client="basicConstraints=CA:FALSE
extendedKeyUsage=clientAuth" jobs=() job
  issue_cert apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
extendedKeyUsage=serverAuth
subjectAltName=IP:$API_SERVICE_IP,IP:$GATEWAY,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN,DNS:localhost" &
  jobs+=($!)
  issue_cert admin "/O=system:masters/CN=kubernetes-admin" "$client" rsa & jobs+=($!)
  issue_cert kube-controller-manager "/CN=system:kube-controller-manager" "$client" & jobs+=($!)
  issue_cert kube-scheduler "/CN=system:kube-scheduler" "$client" & jobs+=($!)
  issue_cert kube-proxy "/CN=system:kube-proxy" "$client" & jobs+=($!)
  # The node agent runs several Nodes from one process. The Node authorizer and NodeRestriction allow a
  # kubelet identity (system:node:<name>, group system:nodes) to touch only its own Node and that Node's
  # pods, so one agent cannot use one node identity for all its Nodes: it gets a cluster-admin identity
  # of its own (group system:masters), distinct from the admin's so the audit trail tells them apart.
  issue_cert node-agent "/O=system:masters/CN=kube-bed-node-agent" "$client" rsa & jobs+=($!)

  # Service-account token signing pair.
  { new_key "$PKI/sa.key" ec && openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null; } &
  jobs+=($!)
  for job in "${jobs[@]}"; do
    wait "$job" || die "openssl failed to create the bed's keys and certificates in $PKI"
  done

  write_kubeconfig "$ADMIN_KUBECONFIG" kubernetes-admin admin
  write_kubeconfig "$STATE/kube-controller-manager.kubeconfig" system:kube-controller-manager kube-controller-manager
  write_kubeconfig "$STATE/kube-scheduler.kubeconfig" system:kube-scheduler kube-scheduler
  write_kubeconfig "$STATE/kube-proxy.kubeconfig" system:kube-proxy kube-proxy
  write_kubeconfig "$STATE/node-agent.kubeconfig" kube-bed-node-agent node-agent
}

