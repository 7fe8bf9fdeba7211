package dev.podcluster.autoconfigure;

import java.util.Map;

import com.hazelcast.config.Config;
import com.hazelcast.config.PartitionGroupConfig;
import com.hazelcast.config.PartitionGroupConfig.MemberGroupType;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.logging.Logger;
import com.hazelcast.spi.partitiongroup.PartitionGroupMetaData;
import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.hazelcast.MemberAttributes;
import dev.podcluster.hazelcast.PartitionGrouping;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cluster.hazelcast.partition-group}, {@code cluster.zone} and
 * {@code cluster.node}: the Hazelcast partition group and member attributes they give.
 */
class PartitionGroupAutoConfigurationTests {

	/** Everything up to the {@code Config}, no member. */
	private final ApplicationContextRunner configRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("cluster.discovery.mode=none", "cluster.naming.name=app-0",
				"cluster.hazelcast.address=127.0.0.1");

	@Test
	void defaultIsAutoAndAMemberThatKnowsNothingIsAGroupOfItsOwn() {
		this.configRunner.run((context) -> {
			assertThat(context.getBean(ClusterProperties.class).hazelcast().partitionGroup())
				.isEqualTo(PartitionGrouping.AUTO);
			Config config = context.getBean(Config.class);
			assertThat(groupType(config)).isEqualTo(MemberGroupType.ZONE_AWARE);
			assertThat(localMetadata(config)).containsEntry(PartitionGroupMetaData.PARTITION_GROUP_ZONE,
					"member/app-0");
			assertThat(config.getMemberAttributeConfig().getAttributes())
				.containsEntry(MemberAttributes.PARTITION_GROUP, "member")
				.doesNotContainKeys(MemberAttributes.ZONE, MemberAttributes.NODE);
		});
	}

	@Test
	void autoTakesTheZoneAndNodeFromTheDownwardApiVariables() {
		this.configRunner
			.withInitializer((context) -> podVariables(context.getEnvironment().getPropertySources(),
					Map.of("CLUSTER_ZONE", "zone-a", "CLUSTER_NODE", "node-1")))
			.run((context) -> {
				Config config = context.getBean(Config.class);
				assertThat(groupType(config)).isEqualTo(MemberGroupType.ZONE_AWARE);
				assertThat(localMetadata(config)).containsEntry(PartitionGroupMetaData.PARTITION_GROUP_ZONE, "zone-a")
					.containsEntry(PartitionGroupMetaData.PARTITION_GROUP_NODE, "node-1");
				assertThat(config.getMemberAttributeConfig().getAttributes())
					.containsEntry(MemberAttributes.ZONE, "zone-a")
					.containsEntry(MemberAttributes.NODE, "node-1")
					.containsEntry(MemberAttributes.PARTITION_GROUP, "zone");
			});
	}

	@Test
	void autoWithAnEmptyZoneLabelGroupsByNode() {
		// A pod whose Node has no zone label gets an empty variable from the downward
		// API.
		this.configRunner
			.withInitializer((context) -> podVariables(context.getEnvironment().getPropertySources(),
					Map.of("CLUSTER_ZONE", "", "CLUSTER_NODE", "node-1")))
			.run((context) -> {
				Config config = context.getBean(Config.class);
				assertThat(groupType(config)).isEqualTo(MemberGroupType.ZONE_AWARE);
				assertThat(localMetadata(config)).containsEntry(PartitionGroupMetaData.PARTITION_GROUP_ZONE,
						"node/node-1");
				assertThat(config.getMemberAttributeConfig().getAttributes())
					.containsEntry(MemberAttributes.PARTITION_GROUP, "node")
					.doesNotContainKey(MemberAttributes.ZONE);
			});
	}

	@Test
	void nodeIsNodeAware() {
		this.configRunner
			.withPropertyValues("cluster.hazelcast.partition-group=node", "cluster.zone=zone-a", "cluster.node=node-1")
			.run((context) -> {
				Config config = context.getBean(Config.class);
				assertThat(groupType(config)).isEqualTo(MemberGroupType.NODE_AWARE);
				assertThat(localMetadata(config)).containsEntry(PartitionGroupMetaData.PARTITION_GROUP_NODE, "node-1");
				assertThat(config.getMemberAttributeConfig().getAttributes())
					.containsEntry(MemberAttributes.PARTITION_GROUP, "node");
			});
	}

	@Test
	void noneLeavesPartitionGroupsOff() {
		this.configRunner.withPropertyValues("cluster.hazelcast.partition-group=none", "cluster.zone=zone-a")
			.run((context) -> {
				Config config = context.getBean(Config.class);
				assertThat(config.getPartitionGroupConfig().isEnabled()).isFalse();
				assertThat(localMetadata(config)).isEmpty();
				assertThat(config.getMemberAttributeConfig().getAttributes())
					.containsEntry(MemberAttributes.ZONE, "zone-a")
					.containsEntry(MemberAttributes.PARTITION_GROUP, "none");
			});
	}

	@Test
	void runningMemberCarriesTheAttributesHazelcastGroupsBy() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, HazelcastAutoConfiguration.class))
			.withPropertyValues("cluster.discovery.mode=none", "cluster.naming.name=app-0",
					"cluster.hazelcast.address=127.0.0.1", "cluster.hazelcast.port=5921", "cluster.zone=zone-a",
					"cluster.node=node-1", "cluster.hazelcast.partition-group=zone")
			.run((context) -> {
				var local = context.getBean(HazelcastInstance.class).getCluster().getLocalMember();
				assertThat(local.getAttribute(PartitionGroupMetaData.PARTITION_GROUP_ZONE)).isEqualTo("zone-a");
				assertThat(local.getAttribute(PartitionGroupMetaData.PARTITION_GROUP_NODE)).isEqualTo("node-1");
				assertThat(local.getAttribute(MemberAttributes.ZONE)).isEqualTo("zone-a");
				assertThat(context.getBean(HazelcastInstance.class).getMap("m").put("k", "v")).isNull();
			});
	}

	@Test
	void zoneThatIsNotALabelValueFailsNamingTheProperty() {
		this.configRunner.withPropertyValues("cluster.zone=eu west/1")
			.run((context) -> assertThat(analysis(context).getDescription()).contains("cluster.zone")
				.contains("'eu west/1' is not a zone name"));
	}

	@Test
	void nodeThatIsNotANodeNameFailsNamingTheProperty() {
		this.configRunner.withPropertyValues("cluster.node=node_1!")
			.run((context) -> assertThat(analysis(context).getDescription()).contains("cluster.node")
				.contains("'node_1!' is not a Kubernetes node name"));
	}

	private static MemberGroupType groupType(Config config) {
		PartitionGroupConfig partitionGroup = config.getPartitionGroupConfig();
		assertThat(partitionGroup.isEnabled()).isTrue();
		return partitionGroup.getGroupType();
	}

	/** What the discovery strategy hands Hazelcast for this member. */
	static Map<String, String> localMetadata(Config config) {
		return config.getNetworkConfig()
			.getJoin()
			.getDiscoveryConfig()
			.getDiscoveryStrategyConfigs()
			.iterator()
			.next()
			.getDiscoveryStrategyFactory()
			.newDiscoveryStrategy(null, Logger.getLogger(PartitionGroupAutoConfigurationTests.class), Map.of())
			.discoverLocalMetadata()
			.entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, (entry) -> String.valueOf(entry.getValue())));
	}

	/** Variables as the pod's environment holds them, bound the way Boot binds env. */
	private static void podVariables(org.springframework.core.env.MutablePropertySources sources,
			Map<String, Object> variables) {
		sources.addFirst(new SystemEnvironmentPropertySource(
				"pod-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
	}

	private static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).hasRootCauseInstanceOf(InvalidClusterConfigurationException.class);
		FailureAnalysis analysis = new InvalidClusterConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
