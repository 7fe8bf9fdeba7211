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
import org.jspecify.annotations.Nullable;

/**
 * Hazelcast discovery SPI entry point: hands Hazelcast the seeds a {@link SeedTracker}
 * holds. Registered as a factory instance, so it needs no properties and is never
 * auto-detected. Made by {@link ClusterConfigurer}, its strategy also shortens the first
 * join ({@link FirstJoinSeeds}); made with a public constructor, it offers every seed.
 *
 * @since 0.1.0
 */
public final class ClusterDiscoveryStrategyFactory implements DiscoveryStrategyFactory {

	private final SeedTracker seeds;

	private final Map<String, String> localMetadata;

	private final @Nullable FirstJoinSeeds firstJoin;

	/**
	 * Creates a factory whose strategy supplies no local metadata.
	 * @param seeds where the seeds come from
	 */
	public ClusterDiscoveryStrategyFactory(SeedTracker seeds) {
		this(seeds, Map.of());
	}

	/**
	 * Creates a factory.
	 * @param seeds where the seeds come from
	 * @param localMetadata the attributes the strategy hands Hazelcast for this member,
	 * such as its partition group's zone and node
	 */
	public ClusterDiscoveryStrategyFactory(SeedTracker seeds, Map<String, String> localMetadata) {
		this(seeds, localMetadata, null);
	}

	/**
	 * Creates a factory whose strategy offers, during the first join, only the seeds that
	 * listen, once they have started. {@link ClusterConfigurer} tells the filter when the
	 * member has joined.
	 */
	ClusterDiscoveryStrategyFactory(SeedTracker seeds, Map<String, String> localMetadata,
			@Nullable FirstJoinSeeds firstJoin) {
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
