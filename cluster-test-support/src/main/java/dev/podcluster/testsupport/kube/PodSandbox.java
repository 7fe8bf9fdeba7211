package dev.podcluster.testsupport.kube;

/**
 * A pod's network: its network namespace, the host end of its veth pair on the bridge,
 * and its IP.
 *
 * @param netns the network namespace's name under {@code /run/netns}
 * @param hostVeth the host end of the veth pair
 * @param ip the pod IP
 * @param node the Node whose pod CIDR the IP is from
 */
record PodSandbox(String netns, String hostVeth, String ip, String node) {
}
