/**
 * Hazelcast wiring: the discovery strategy, the member configuration and the cluster view.
 */
@NullMarked
package dev.podcluster.hazelcast;

import org.jspecify.annotations.NullMarked;
