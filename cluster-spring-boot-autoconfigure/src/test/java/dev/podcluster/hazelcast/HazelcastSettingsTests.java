package dev.podcluster.hazelcast;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.BuildInfoProvider;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;
import com.hazelcast.config.DiscoveryStrategyConfig;
import dev.podcluster.testsupport.net.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Hazelcast properties the starter sets, as a real member on the class path's
 * Hazelcast behaves with them.
 */
class HazelcastSettingsTests {

	private static final HazelcastSettings SETTINGS = new HazelcastSettings(Duration.ofSeconds(5),
			Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30), Map.of());

	@Test
	void aMemberWhoseSeedsAreOnlyItselfIsMasterAtItsFirstLook() {
		int port = FreePorts.loopback(1).get(0);
		AtomicInteger looks = new AtomicInteger();
		Config config = new Config();
		config.setClusterName("lone-member-" + UUID.randomUUID());
		SETTINGS.properties(InetAddress.getLoopbackAddress()).forEach(config::setProperty);
		config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
		JoinConfig join = config.getNetworkConfig().getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getDiscoveryConfig().addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(new OnlyItself(port, looks)));
		HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
		try {
			assertThat(member.getCluster().getMembers()).hasSize(1);
			assertThat(looks.get())
				.as("how often Hazelcast %s's join asked a discovery that finds only its own member before that member "
						+ "started: once, where a wait before the join would have it ask again and again for that "
						+ "long (a lone pod's start spent it all)", BuildInfoProvider.getBuildInfo().getVersion())
				.isEqualTo(1);
		}
		finally {
			member.shutdown();
		}
	}

	/** A discovery that finds only the member's own address, and counts the looks. */
	private record OnlyItself(int port, AtomicInteger looks) implements DiscoveryStrategyFactory {

		@Override
		public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
			return AbstractDiscoveryStrategy.class;
		}

		@Override
		public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode discoveryNode, ILogger logger,
				Map<String, Comparable> properties) {
			return new AbstractDiscoveryStrategy(logger, properties) {

				@Override
				public Iterable<DiscoveryNode> discoverNodes() {
					OnlyItself.this.looks.incrementAndGet();
					try {
						return List.of(new SimpleDiscoveryNode(new Address("127.0.0.1", OnlyItself.this.port)));
					}
					catch (UnknownHostException ex) {
						throw new IllegalStateException(ex);
					}
				}

			};
		}

		@Override
		public Collection<PropertyDefinition> getConfigurationProperties() {
			return List.of();
		}

	}

}
