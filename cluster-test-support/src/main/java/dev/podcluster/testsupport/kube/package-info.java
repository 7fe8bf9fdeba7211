/**
 * The kube-bed node agent: stands in for kubelet and a container runtime for the virtual
 * Nodes of a real Kubernetes control plane running on one machine.
 */
@NullMarked
package dev.podcluster.testsupport.kube;

import org.jspecify.annotations.NullMarked;
