package dev.podcluster.hazelcast;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;
import dev.podcluster.discovery.SeedTracker;

/**
 * Hazelcast discovery SPI entry point: hands Hazelcast the seeds a {@link SeedTracker}
 * holds, through the first join's ({@link FirstJoinSeeds}) during the first join.
 * Registered as a factory instance by {@link ClusterConfigurer} (which tells the first
 * join when it has ended), so it needs no properties and is never auto-detected.
 */
final class ClusterDiscoveryStrategyFactory implements DiscoveryStrategyFactory {

	private final SeedTracker seeds;

	private final Map<String, String> localMetadata;

	private final FirstJoinSeeds firstJoin;

	/**
	 * Creates a factory.
	 * @param seeds where the seeds come from
	 * @param localMetadata the attributes the strategy hands Hazelcast for this member,
	 * such as its partition group's zone and node
	 * @param firstJoin the seeds offered during the first join
	 */
	ClusterDiscoveryStrategyFactory(SeedTracker seeds, Map<String, String> localMetadata, FirstJoinSeeds firstJoin) {
		this.seeds = seeds;
		this.localMetadata = Map.copyOf(localMetadata);
		this.firstJoin = firstJoin;
	}

	@Override
	public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
		return ClusterDiscoveryStrategy.class;
	}

	@Override
	public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode discoveryNode, ILogger logger,
			Map<String, Comparable> properties) {
		return new ClusterDiscoveryStrategy(this.seeds, this.localMetadata, this.firstJoin, logger, properties);
	}

	@Override
	public Collection<PropertyDefinition> getConfigurationProperties() {
		return List.of();
	}

	@Override
	public boolean isAutoDetectionApplicable() {
		return false;
	}

}
