package dev.podcluster.test;

import java.time.Duration;
import java.util.List;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link TestCluster}: the test's application context is one of three members in the
 * test's JVM, started from the test's own configuration, the others first.
 */
@SpringBootTest(classes = TestClusterTests.MemberApplication.class, properties = "app.marker=from-the-test")
@TestCluster(members = 3)
class TestClusterTests {

	@Autowired
	private HazelcastInstance member;

	@Autowired
	private TestClusterMembers cluster;

	@Test
	void threeMembersInOneCluster() {
		assertThat(this.cluster.size()).isEqualTo(3);
		assertThat(this.cluster.others()).hasSize(2);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.member.getCluster().getMembers()).hasSize(3));
		for (ConfigurableApplicationContext other : this.cluster.others()) {
			HazelcastInstance hazelcast = other.getBean(HazelcastInstance.class);
			assertThat(hazelcast.getCluster().getMembers()).hasSize(3);
			assertThat(hazelcast.getConfig().getClusterName()).isEqualTo(this.cluster.clusterName());
		}
		assertThat(this.member.getConfig().getClusterName()).isEqualTo(this.cluster.clusterName()).startsWith("test-");
	}

	@Test
	void theOthersAreTheSameApplicationWithTheTestsProperties() {
		for (ConfigurableApplicationContext other : this.cluster.others()) {
			assertThat(other.getEnvironment().getProperty("app.marker")).isEqualTo("from-the-test");
			assertThat(other.getBean(MemberApplication.class)).isNotNull();
		}
	}

	@Test
	void theFirstOtherIsTheOldestAndTheTestsMemberTheYoungest() {
		List<Member> members = List.copyOf(this.member.getCluster().getMembers());
		assertThat(members.get(0).getUuid()).isEqualTo(
				this.cluster.others().get(0).getBean(HazelcastInstance.class).getCluster().getLocalMember().getUuid());
		assertThat(members.get(2).localMember()).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MemberApplication {

	}

}
