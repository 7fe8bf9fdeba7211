package dev.podcluster.sample;

import java.io.Serializable;
import java.time.Instant;

/**
 * The result of an expensive computation, cached for the whole cluster.
 *
 * @param name what was computed
 * @param computedBy the node name of the member that computed it
 * @param computedAt when
 * @param computation the cluster's count of computations when this one ran
 */
record Report(String name, String computedBy, Instant computedAt, long computation) implements Serializable {

}
