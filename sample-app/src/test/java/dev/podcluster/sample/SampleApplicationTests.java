package dev.podcluster.sample;

import java.time.Duration;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plain {@code @SpringBootTest}, as an application has on its first day: its member
 * runs alone, under a cluster name of its own and on a port of its own, even while the
 * application runs on the same machine (here started by the test itself, as
 * {@code ./mvnw spring-boot:run} would: cluster "sample-app", members on
 * 127.0.0.1:5701-5703). Nothing in the test asks for it; set
 * {@code cluster.test.isolation.enabled=false} to keep the application's own cluster
 * settings in a test.
 */
@SpringBootTest
class SampleApplicationTests {

	private static ConfigurableApplicationContext runningOnThisMachine;

	@Autowired
	private HazelcastInstance member;

	@BeforeAll
	static void startTheApplicationOutsideTheTest() {
		runningOnThisMachine = new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0");
	}

	@AfterAll
	static void stopIt() {
		runningOnThisMachine.close();
	}

	@Test
	void theTestsMemberStaysAlone() {
		HazelcastInstance outside = runningOnThisMachine.getBean(HazelcastInstance.class);
		assertThat(outside.getConfig().getClusterName()).isEqualTo("sample-app");
		assertThat(outside.getCluster().getLocalMember().getAddress().getPort()).isBetween(5701, 5703);

		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.member.getCluster().getMembers()).hasSize(1);
			assertThat(outside.getCluster().getMembers()).hasSize(1);
		});
		assertThat(this.member.getConfig().getClusterName()).isNotEqualTo("sample-app").startsWith("test-");
	}

}
