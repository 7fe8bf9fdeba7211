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
 * holds. Registered as a factory instance, so it needs no properties and is never
 * auto-detected.
 *
 * @since 0.1.0
 */
public final class ClusterDiscoveryStrategyFactory implements DiscoveryStrategyFactory {

	private final SeedTracker seeds;

	public ClusterDiscoveryStrategyFactory(SeedTracker seeds) {
		this.seeds = seeds;
	}

	@Override
	public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
		return ClusterDiscoveryStrategy.class;
	}

	@Override
	public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode discoveryNode, ILogger logger,
			Map<String, Comparable> properties) {
		return new ClusterDiscoveryStrategy(this.seeds, logger, properties);
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
