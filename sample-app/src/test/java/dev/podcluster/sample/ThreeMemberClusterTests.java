package dev.podcluster.sample;

import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.naming.NodeIdentity;
import dev.podcluster.test.TestCluster;
import dev.podcluster.test.TestClusterMembers;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A test of what only a cluster does, in one JVM: {@code @TestCluster(members = 3)} makes
 * the test's application context one of three members. The two others are the same
 * application, started first (the first of them is the oldest member) and reached through
 * {@link TestClusterMembers}. {@code @DirtiesContext}: a test here stops a member.
 */
@SpringBootTest
@TestCluster(members = 3)
@DirtiesContext
class ThreeMemberClusterTests {

	@Autowired
	private TestClusterMembers cluster;

	@Autowired
	private HazelcastInstance member;

	@Autowired
	private ReportService reports;

	@Autowired
	private OldestMember oldest;

	@Test
	void aReportComputedOnOneMemberIsServedByEveryMember() {
		assertThat(this.member.getCluster().getMembers()).hasSize(3);
		Report report = this.reports.report("first-day");
		for (ConfigurableApplicationContext other : this.cluster.others()) {
			if (other.isActive()) {
				assertThat(other.getBean(ReportService.class).report("first-day")).isEqualTo(report);
			}
		}
		assertThat(this.reports.computations()).isEqualTo(1);
	}

	@Test
	void theSingletonMovesToTheNextOldestWhenItsMemberStops() {
		ConfigurableApplicationContext first = this.cluster.others().get(0);
		ConfigurableApplicationContext second = this.cluster.others().get(1);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(first.getBean(OldestMember.class).isThisMember()).isTrue());
		assertThat(second.getBean(OldestMember.class).isThisMember()).isFalse();
		assertThat(this.oldest.isThisMember()).isFalse();

		first.close();

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(this.member.getCluster().getMembers()).hasSize(2);
			assertThat(second.getBean(OldestMember.class).isThisMember()).isTrue();
		});
		String secondName = NodeName.of(second.getBeanProvider(NodeIdentity.class),
				second.getBean(HazelcastInstance.class));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			SingletonRecord record = this.member.<String, SingletonRecord>getMap(SharedStateConfiguration.SINGLETON_MAP)
				.get(ClusterSingletonJob.KEY);
			assertThat(record).isNotNull();
			assertThat(record.lastRunBy()).isEqualTo(secondName);
		});
	}

}
