package dev.podcluster.hazelcast;

import java.util.LinkedHashMap;
import java.util.Map;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.naming.NodeIdentity;

/**
 * Applies this node's identity and discovery to a Hazelcast {@link Config}. The starter uses it for the {@code Config}
 * it contributes; an application that defines its own {@code Config} bean applies it to keep discovery working.
 *
 * @since 0.1.0
 */
public final class ClusterConfigurer {

	private final String clusterName;

	private final NodeIdentity identity;

	private final SeedTracker seeds;

	private final Map<String, String> properties;

	/**
	 * Creates a configurer.
	 * @param clusterName the shared cluster name; members with another name never join
	 * @param identity this node's name, address and member port
	 * @param seeds where the seeds come from
	 * @param properties Hazelcast properties ({@code hazelcast.*}) applied last, over the starter's defaults: failure
	 * detection, split-brain checks and shutdown timing, and the user's own
	 */
	public ClusterConfigurer(String clusterName, NodeIdentity identity, SeedTracker seeds,
			Map<String, String> properties) {
		this.clusterName = clusterName;
		this.identity = identity;
		this.seeds = seeds;
		this.properties = Map.copyOf(properties);
	}

	/**
	 * Returns the Hazelcast properties the starter sets, before the user's.
	 * @return property name to value
	 */
	public static Map<String, String> defaultProperties() {
		Map<String, String> defaults = new LinkedHashMap<>();
		// Without it a configured discovery strategy is silently ignored and the member starts alone.
		defaults.put("hazelcast.discovery.enabled", "true");
		// Never contact anything outside the cluster.
		defaults.put("hazelcast.phone.home.enabled", "false");
		defaults.put("hazelcast.logging.type", "slf4j");
		// Spring closes the instance (gracefully) when the context closes; Hazelcast's own hook would race it.
		defaults.put("hazelcast.shutdownhook.enabled", "false");
		// A pod has one address: bind it, never a wildcard or a guess among interfaces.
		defaults.put("hazelcast.socket.bind.any", "false");
		// A pod network answers a connect within milliseconds, and the address of a pod that is gone drops packets:
		// a short connect timeout and few tolerated faults let the others drop a member that left in seconds,
		// where Hazelcast's defaults (10 s, 3 faults) leave it to the heartbeat timeout.
		defaults.put("hazelcast.socket.connect.timeout.seconds", "2");
		defaults.put("hazelcast.connection.monitor.max.faults", "1");
		// Seeds are on hand at start (the first lookup runs before Hazelcast starts): no need for 5 s waits.
		defaults.put("hazelcast.wait.seconds.before.join", "1");
		defaults.put("hazelcast.max.wait.seconds.before.join", "5");
		return defaults;
	}

	/**
	 * Applies the cluster name, the node's address and attributes, and discovery.
	 * @param config the configuration to change
	 * @return the same configuration
	 */
	public Config configure(Config config) {
		config.setClusterName(this.clusterName);
		defaultProperties().forEach(config::setProperty);
		config.setProperty("hazelcast.local.localAddress", this.identity.address().getHostAddress());
		this.properties.forEach(config::setProperty);
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(this.identity.port());
		// Several members share one machine only on loopback; a pod owns its address and port.
		network.setPortAutoIncrement(this.identity.address().isLoopbackAddress());
		JoinConfig join = network.getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getKubernetesConfig().setEnabled(false);
		join.getDiscoveryConfig()
			.addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(new ClusterDiscoveryStrategyFactory(this.seeds)));
		config.getMemberAttributeConfig().setAttribute(MemberAttributes.NODE_NAME, this.identity.name());
		config.getMemberAttributeConfig().setAttribute(MemberAttributes.NAMING_MODE, this.identity.mode().configValue());
		return config;
	}

}
