/**
 * End-to-end suite: the packaged sample app run as the pods of a real Kubernetes control
 * plane ({@code KubeBed}), driven with {@code kubectl} and checked through its HTTP API;
 * and the checks of the older emulated pods ({@code dev.podcluster.testsupport.pod}:
 * network and UTS namespaces on a bridge, kubelet's /etc/hosts and /etc/resolv.conf, a
 * real BIND 9 as cluster DNS).
 */
@NullMarked
package dev.podcluster.e2e;

import org.jspecify.annotations.NullMarked;
