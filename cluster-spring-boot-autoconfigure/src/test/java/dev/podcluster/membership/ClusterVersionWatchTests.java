package dev.podcluster.membership;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.testsupport.net.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The refusals {@link ClusterVersionWatch} reads from a member's log, worded as Hazelcast
 * 5.5 to 5.7 word them (read in {@code DefaultNodeExtension.validateJoinRequest},
 * {@code ClusterJoinManager} and {@code BeforeJoinCheckFailureOp}): the master warns with
 * the reason, the refused member logs it after "Reason of failure for node join:". Logged
 * through a real member, as Hazelcast hands the watch its instance before the join.
 */
class ClusterVersionWatchTests {

	private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

	@Test
	void theRefusedMemberKnowsBothVersions() {
		ClusterVersionWatch watch = logged("Reason of failure for node join: Joining node's version 5.7.0 is not"
				+ " compatible with cluster version 5.5 (Rolling Member Upgrades are only supported in Hazelcast"
				+ " Enterprise)");
		assertThat(watch.lastRefusal()).isEqualTo(new VersionRefusal("5.7.0", "5.5", true, NOW));
		assertThat(watch.lastRefusal().description())
			.isEqualTo("the cluster runs Hazelcast 5.5 and refused this member, which runs Hazelcast 5.7.0:"
					+ " Hazelcast Community members of different minor versions never form one cluster");
	}

	@Test
	void theClusterThatRefusedAMemberShowsItsVersion() {
		// Hazelcast 5.5 adds a reason per rule broken.
		ClusterVersionWatch watch = logged("Joining node's version 5.5.0 is not compatible with cluster version 5.7"
				+ " (Rolling Member Upgrades are only supported for the next minor version) (Rolling Member Upgrades"
				+ " are only supported in Hazelcast Enterprise)");
		assertThat(watch.lastRefusal()).isEqualTo(new VersionRefusal("5.5.0", "5.7", false, NOW));
		assertThat(watch.lastRefusal().description()).startsWith("a member of Hazelcast 5.5.0 asked to join at " + NOW
				+ " and was refused: this cluster runs Hazelcast 5.7");
	}

	@Test
	void otherWarningsAreNoRefusal() {
		assertThat(logged("Cluster state either is locked or doesn't allow new members to join").lastRefusal())
			.isNull();
	}

	private static ClusterVersionWatch logged(String warning) {
		ClusterVersionWatch watch = new ClusterVersionWatch("orders", Clock.fixed(NOW, ZoneOffset.UTC));
		Config config = new Config();
		config.setClusterName("version-watch-" + UUID.randomUUID());
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.logging.type", "slf4j");
		config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
		config.getNetworkConfig().setPort(FreePorts.loopback(1).get(0)).setPortAutoIncrement(false);
		JoinConfig join = config.getNetworkConfig().getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		watch.applyTo(config);
		HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
		try {
			member.getLoggingService().getLogger("com.hazelcast.security").warning(warning);
		}
		finally {
			member.shutdown();
		}
		return watch;
	}

}
