package dev.podcluster.hazelcast;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.hazelcast.cluster.Address;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;
import dev.podcluster.discovery.Seed;
import dev.podcluster.discovery.SeedTracker;

/**
 * Answers Hazelcast's calls for nodes from the tracker's current seeds. Hazelcast calls
 * it at join and from the master's split-brain handler, so it never blocks on DNS: a
 * stale answer only asks for a background lookup. During the first join it offers only
 * the seeds that listen, once they have started, and waits for that at most 5 s
 * ({@link FirstJoinSeeds}).
 */
final class ClusterDiscoveryStrategy extends AbstractDiscoveryStrategy {

	/**
	 * Joins retry about once a second; a lookup per retry keeps a starting member's view
	 * fresh.
	 */
	private static final Duration FRESH_ENOUGH = Duration.ofSeconds(1);

	private final SeedTracker seeds;

	private final Map<String, String> localMetadata;

	private final FirstJoinSeeds firstJoin;

	ClusterDiscoveryStrategy(SeedTracker seeds, Map<String, String> localMetadata, FirstJoinSeeds firstJoin,
			ILogger logger, Map<String, Comparable> properties) {
		super(logger, properties);
		this.seeds = seeds;
		this.localMetadata = Map.copyOf(localMetadata);
		this.firstJoin = firstJoin;
	}

	/**
	 * Hazelcast copies these into the member's attributes at start: its ZONE_AWARE and
	 * NODE_AWARE partition groups read them.
	 */
	@Override
	public Map<String, String> discoverLocalMetadata() {
		return this.localMetadata;
	}

	@Override
	public Iterable<DiscoveryNode> discoverNodes() {
		this.seeds.refreshIfOlderThan(FRESH_ENOUGH);
		List<Seed> seeds = this.firstJoin.offer(this.seeds.seeds());
		return seeds.stream()
			.map((seed) -> (DiscoveryNode) new SimpleDiscoveryNode(
					new Address(seed.address().getAddress(), seed.address().getPort())))
			.toList();
	}

}
