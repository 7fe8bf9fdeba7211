package dev.podcluster.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.spi.partitiongroup.PartitionGroupMetaData;
import dev.podcluster.discovery.Seed;
import dev.podcluster.discovery.SeedAnswer;
import dev.podcluster.discovery.SeedProvider;
import dev.podcluster.hazelcast.MemberAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member whose discovery says where its seeds run (the EndpointSlices of kubernetes-api
 * mode): with no {@code cluster.zone} and {@code cluster.node}, it takes its zone and
 * node from its own endpoint, before Hazelcast reads them.
 */
class ZoneFromEndpointAutoConfigurationTests {

	private final ApplicationContextRunner configRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withUserConfiguration(EndpointsWithZones.class)
		.withPropertyValues("cluster.naming.name=app-0", "cluster.hazelcast.address=127.0.0.1",
				"cluster.hazelcast.port=5701", "cluster.discovery.join-wait=1s");

	@Test
	void theZoneAndNodeComeFromThisMembersOwnEndpoint() {
		this.configRunner.run((context) -> {
			Config config = context.getBean(Config.class);
			assertThat(config.getMemberAttributeConfig().getAttributes()).containsEntry(MemberAttributes.ZONE, "zone-b")
				.containsEntry(MemberAttributes.NODE, "node-7")
				.containsEntry(MemberAttributes.PARTITION_GROUP, "zone");
			assertThat(PartitionGroupAutoConfigurationTests.localMetadata(config))
				.containsEntry(PartitionGroupMetaData.PARTITION_GROUP_ZONE, "zone-b")
				.containsEntry(PartitionGroupMetaData.PARTITION_GROUP_NODE, "node-7");
		});
	}

	@Test
	void clusterZoneWinsOverTheEndpoint() {
		this.configRunner.withPropertyValues("cluster.zone=zone-x").run((context) -> {
			Config config = context.getBean(Config.class);
			assertThat(config.getMemberAttributeConfig().getAttributes()).containsEntry(MemberAttributes.ZONE, "zone-x")
				.containsEntry(MemberAttributes.NODE, "node-7");
		});
	}

	@Test
	void aMemberItsDiscoveryDoesNotListGroupsByWhatItKnows() {
		this.configRunner.withPropertyValues("cluster.hazelcast.port=5702", "cluster.node=node-3").run((context) -> {
			Config config = context.getBean(Config.class);
			assertThat(config.getMemberAttributeConfig().getAttributes()).doesNotContainKey(MemberAttributes.ZONE)
				.containsEntry(MemberAttributes.NODE, "node-3")
				.containsEntry(MemberAttributes.PARTITION_GROUP, "node");
		});
	}

	/**
	 * Endpoints as the EndpointSlices list them: this member (127.0.0.1:5701) in zone-b
	 * on node-7, and a peer.
	 */
	@Configuration(proxyBeanMethods = false)
	static class EndpointsWithZones {

		@Bean
		SeedProvider endpoints() {
			return new SeedProvider() {

				@Override
				public String query() {
					return "EndpointSlices of Service shop/orders, port hazelcast";
				}

				@Override
				public boolean locatesSeeds() {
					return true;
				}

				@Override
				public SeedAnswer lookup() {
					return new SeedAnswer(List.of(
							new Seed("app-0", new InetSocketAddress("127.0.0.1", 5701), false, "zone-b", "node-7"),
							new Seed("app-1", new InetSocketAddress("127.0.0.2", 5701), false, "zone-c", "node-8")),
							List.of(), List.of(), Duration.ZERO);
				}

			};
		}

	}

}
