/**
 * End-to-end suite: the packaged sample app run as real pods of an emulated Kubernetes
 * cluster on one machine ({@code dev.podcluster.testsupport.pod}: network and UTS
 * namespaces on a bridge, kubelet's /etc/hosts and /etc/resolv.conf, a real BIND 9 as
 * cluster DNS), checked through its HTTP API.
 */
@NullMarked
package dev.podcluster.e2e;

import org.jspecify.annotations.NullMarked;
