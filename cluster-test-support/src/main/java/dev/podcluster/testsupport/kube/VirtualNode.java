package dev.podcluster.testsupport.kube;

/**
 * A Node this agent stands in for.
 *
 * @param name the Node's name
 * @param zone its {@code topology.kubernetes.io/zone}
 */
record VirtualNode(String name, String zone) {
}
