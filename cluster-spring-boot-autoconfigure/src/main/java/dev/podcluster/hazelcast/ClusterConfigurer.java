package dev.podcluster.hazelcast;

import com.hazelcast.config.Config;

/**
 * Applies this node's naming and discovery to the Hazelcast {@link Config} the member
 * starts from. The starter applies it to the {@code Config} it contributes (loaded from
 * the application's Hazelcast file, or empty), before the
 * {@code HazelcastConfigCustomizer} beans; an application that defines its own
 * {@code Config} bean injects it and applies it there.
 * <p>
 * The starter's configurer sets the cluster name, the member's address and port and the
 * starter's Hazelcast properties, a join through the starter's discovery alone (the seeds
 * the {@code SeedTracker} follows), the member attributes (see {@link MemberAttributes}),
 * the partition group, the Java deserialization filter, the maps' merge policy and the
 * split-brain protection. A {@code ClusterConfigurer} bean of your own replaces it, and
 * the starter then applies none of this: the join, the member attributes and what
 * {@code cluster.cluster-name}, {@code cluster.zone}, {@code cluster.node},
 * {@code cluster.split-brain-protection}, {@code cluster.merge-policy} and
 * {@code cluster.hazelcast.*} (timings, properties, partition group, serialization
 * filter) set are yours. The starter still names the node and looks up its seeds, but
 * they reach Hazelcast only through a join you configure, and members without the
 * attributes show less at {@code /actuator/cluster} and in the health.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ClusterConfigurer {

	/**
	 * Applies naming and discovery to a configuration.
	 * @param config the configuration to change
	 */
	void configure(Config config);

}
