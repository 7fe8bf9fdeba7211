package dev.podcluster.autoconfigure;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import com.hazelcast.splitbrainprotection.impl.RecentlyActiveSplitBrainProtectionFunction;
import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.hazelcast.SplitBrainSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Hazelcast configuration {@code cluster.split-brain-protection},
 * {@code cluster.split-brain-protection-names} and {@code cluster.merge-policy} turn
 * into, and the reports for values that cannot work. No member starts.
 */
class SplitBrainConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("cluster.naming.name=test-node", "cluster.hazelcast.address=127.0.0.1",
				"cluster.discovery.static.members=127.0.0.1:5701-5703");

	@Test
	void byDefaultMapsKeepTheLatestUpdateAndNothingIsProtected() {
		this.contextRunner.run((context) -> {
			Config config = context.getBean(Config.class);
			assertThat(config.getSplitBrainProtectionConfigs()).isEmpty();
			MapConfig map = config.getMapConfig("default");
			assertThat(map.getMergePolicyConfig().getPolicy()).isEqualTo(LatestUpdateMergePolicy.class.getName());
			// Hazelcast refuses LatestUpdateMergePolicy on a map without them.
			assertThat(map.isPerEntryStatsEnabled()).isTrue();
			assertThat(map.getSplitBrainProtectionName()).isNull();
		});
	}

	@Test
	void majorityOfThreeProtectsEveryMapWithTwoRecentlyActiveMembers() {
		this.contextRunner
			.withPropertyValues("cluster.expected-members=3", "cluster.split-brain-protection=majority",
					"spring.hazelcast.config=classpath:hazelcast/merge-policies.yaml")
			.run((context) -> {
				Config config = context.getBean(Config.class);
				SplitBrainProtectionConfig protection = config.getSplitBrainProtectionConfigs()
					.get(SplitBrainSettings.PROTECTION_NAME);
				assertThat(protection.isEnabled()).isTrue();
				assertThat(protection.getMinimumClusterSize()).isEqualTo(2);
				assertThat(protection.getProtectOn()).isEqualTo(SplitBrainProtectionOn.READ_WRITE);
				// Half the 8 s heartbeat timeout.
				assertThat(protection.getFunctionImplementation()).isInstanceOfSatisfying(
						RecentlyActiveSplitBrainProtectionFunction.class,
						(function) -> assertThat(function.getHeartbeatToleranceMillis()).isEqualTo(4000));
				assertThat(config.getMapConfig("default").getSplitBrainProtectionName())
					.isEqualTo(SplitBrainSettings.PROTECTION_NAME);
				assertThat(config.getMapConfig("orders").getSplitBrainProtectionName())
					.isEqualTo(SplitBrainSettings.PROTECTION_NAME);
				assertThat(config.getMapConfig("spring:session:sessions").getSplitBrainProtectionName())
					.isEqualTo(SplitBrainSettings.PROTECTION_NAME);
				assertThat(config.getCacheConfig("carts").getSplitBrainProtectionName())
					.isEqualTo(SplitBrainSettings.PROTECTION_NAME);
			});
	}

	@Test
	void namesNarrowProtectionToTheMapsTheyMatch() {
		this.contextRunner
			.withPropertyValues("cluster.expected-members=3", "cluster.split-brain-protection=2",
					"cluster.split-brain-protection-names=ord*, spring:session:sessions",
					"spring.hazelcast.config=classpath:hazelcast/merge-policies.yaml")
			.run((context) -> {
				Config config = context.getBean(Config.class);
				assertThat(config.getMapConfig("orders").getSplitBrainProtectionName())
					.isEqualTo(SplitBrainSettings.PROTECTION_NAME);
				// The file's settings for orders stay.
				assertThat(config.getMapConfig("orders").getBackupCount()).isEqualTo(2);
				assertThat(config.getMapConfig("ordinals").getSplitBrainProtectionName())
					.isEqualTo(SplitBrainSettings.PROTECTION_NAME);
				assertThat(config.getMapConfig("spring:session:sessions").getSplitBrainProtectionName())
					.isEqualTo(SplitBrainSettings.PROTECTION_NAME);
				assertThat(config.getMapConfig("audit").getSplitBrainProtectionName()).isNull();
				assertThat(config.getMapConfig("counters").getSplitBrainProtectionName()).isNull();
				assertThat(config.getCacheConfig("carts").getSplitBrainProtectionName()).isNull();
			});
	}

	@Test
	void aMapWhosePolicyTheFileNamesKeepsIt() {
		this.contextRunner.withPropertyValues("spring.hazelcast.config=classpath:hazelcast/merge-policies.yaml")
			.run((context) -> {
				Config config = context.getBean(Config.class);
				assertThat(config.getMapConfig("audit").getMergePolicyConfig().getPolicy())
					.isEqualTo("PassThroughMergePolicy");
				assertThat(config.getMapConfig("orders").getMergePolicyConfig().getPolicy())
					.isEqualTo(LatestUpdateMergePolicy.class.getName());
				// JCache entries carry no update time: the cache keeps Hazelcast's
				// default.
				assertThat(config.getCacheConfig("carts").getMergePolicyConfig().getPolicy())
					.isEqualTo(PutIfAbsentMergePolicy.class.getName());
			});
	}

	@Test
	void mergePolicyNoneLeavesHazelcastsDefault() {
		this.contextRunner.withPropertyValues("cluster.merge-policy=none").run((context) -> {
			MapConfig map = context.getBean(Config.class).getMapConfig("default");
			assertThat(map.getMergePolicyConfig().getPolicy()).isEqualTo(PutIfAbsentMergePolicy.class.getName());
			assertThat(map.isPerEntryStatsEnabled()).isFalse();
		});
	}

	@Test
	void aValueThatIsNoMinimumIsRejectedWithTheChoices() {
		this.contextRunner.withPropertyValues("cluster.split-brain-protection=quorum").run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("cluster.split-brain-protection")
				.contains("'quorum' is neither off, majority nor a number of members");
			assertThat(analysis.getAction()).contains("to off, majority (of cluster.expected-members)");
		});
	}

	@Test
	void aMinimumOfOneIsRejected() {
		this.contextRunner.withPropertyValues("cluster.split-brain-protection=1")
			.run((context) -> assertThat(analysis(context).getAction())
				.contains("Set cluster.split-brain-protection to 2 or more, to majority, or to off."));
	}

	@Test
	void aMinimumAboveTheExpectedMembersIsRejected() {
		this.contextRunner.withPropertyValues("cluster.expected-members=3", "cluster.split-brain-protection=4")
			.run((context) -> assertThat(analysis(context).getAction())
				.contains("Set cluster.split-brain-protection to at most 3 (or majority), or raise"
						+ " cluster.expected-members"));
	}

	@Test
	void majorityWithoutExpectedMembersIsRejected() {
		this.contextRunner.withPropertyValues("cluster.split-brain-protection=majority").run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("cluster.expected-members, which is 1");
			assertThat(analysis.getAction()).contains("Set cluster.expected-members (env CLUSTER_EXPECTEDMEMBERS)");
		});
	}

	@Test
	void aNameWithTwoWildcardsIsRejected() {
		this.contextRunner
			.withPropertyValues("cluster.expected-members=3", "cluster.split-brain-protection=majority",
					"cluster.split-brain-protection-names=*orders*")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("cluster.split-brain-protection-names")
				.contains("'*orders*' is not a map or cache name, nor a pattern with one '*'"));
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
