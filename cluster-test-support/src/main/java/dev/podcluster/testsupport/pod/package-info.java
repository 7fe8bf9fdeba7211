/**
 * Kubernetes pods emulated on one Linux machine, for end-to-end tests of any command:
 * network and UTS namespaces on a bridge, the {@code /etc/hosts} and
 * {@code /etc/resolv.conf} the kubelet writes, the downward API, a real BIND 9 as cluster
 * DNS, and StatefulSets and Deployments that scale. Needs root.
 */
@NullMarked
package dev.podcluster.testsupport.pod;

import org.jspecify.annotations.NullMarked;
