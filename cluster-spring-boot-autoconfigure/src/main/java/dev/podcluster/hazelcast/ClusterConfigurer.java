package dev.podcluster.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.naming.NodeIdentity;

/**
 * Applies this node's identity and discovery to a Hazelcast {@link Config}. The starter
 * uses it for the {@code Config} it contributes; an application that defines its own
 * {@code Config} bean applies it to keep discovery working.
 *
 * @since 0.1.0
 */
public final class ClusterConfigurer {

	private final String clusterName;

	private final NodeIdentity identity;

	private final SeedTracker seeds;

	private final HazelcastSettings settings;

	private final JavaSerializationFilter serializationFilter;

	/**
	 * Creates a configurer.
	 * @param clusterName the shared cluster name; members with another name never join
	 * @param identity this node's name, address and member port
	 * @param seeds where the seeds come from
	 * @param settings the Hazelcast properties ({@code hazelcast.*}) to set
	 * @param serializationFilter which classes the member may read from Java
	 * serialization
	 */
	public ClusterConfigurer(String clusterName, NodeIdentity identity, SeedTracker seeds, HazelcastSettings settings,
			JavaSerializationFilter serializationFilter) {
		this.clusterName = clusterName;
		this.identity = identity;
		this.seeds = seeds;
		this.settings = settings;
		this.serializationFilter = serializationFilter;
	}

	/**
	 * Applies the cluster name, the node's address and attributes, discovery, and the
	 * Java deserialization filter unless the configuration has its own.
	 * @param config the configuration to change
	 * @return the same configuration
	 */
	public Config configure(Config config) {
		config.setClusterName(this.clusterName);
		this.settings.properties(this.identity.address()).forEach(config::setProperty);
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(this.identity.port());
		// Several members share one machine only on loopback; a pod owns its address and
		// port.
		network.setPortAutoIncrement(this.identity.address().isLoopbackAddress());
		JoinConfig join = network.getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(false);
		// The discovery joiner asks its seeds who the master is for this long before one
		// of them claims mastership (Hazelcast's default, 5 s, is most of a cold start).
		// A claim still needs every seed to answer and agree, so a shorter round never
		// splits pods started together.
		join.getTcpIpConfig().setConnectionTimeoutSeconds(1);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getKubernetesConfig().setEnabled(false);
		join.getDiscoveryConfig()
			.addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(new ClusterDiscoveryStrategyFactory(this.seeds)));
		config.getMemberAttributeConfig().setAttribute(MemberAttributes.NODE_NAME, this.identity.name());
		config.getMemberAttributeConfig()
			.setAttribute(MemberAttributes.NAMING_MODE, this.identity.mode().configValue());
		this.serializationFilter.applyTo(config);
		return config;
	}

}
