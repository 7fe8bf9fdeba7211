package dev.podcluster.test;

import java.time.Duration;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plain {@code @SpringBootTest} of an application with the starter's defaults (cluster
 * "cluster", members on 127.0.0.1:5701-5703) keeps its member to itself, while the same
 * application runs outside the test on this machine, as a developer's would.
 */
@SpringBootTest(classes = IsolatedMemberTests.MemberApplication.class)
class IsolatedMemberTests {

	private static ConfigurableApplicationContext running;

	@Autowired
	private HazelcastInstance member;

	@Autowired
	private ApplicationContext context;

	@BeforeAll
	static void startTheApplicationOutsideTheTest() {
		running = new SpringApplicationBuilder(MemberApplication.class).web(WebApplicationType.NONE).run();
	}

	@AfterAll
	static void stopIt() {
		running.close();
	}

	@Test
	void theTestsMemberRunsAlone() {
		HazelcastInstance outside = running.getBean(HazelcastInstance.class);
		assertThat(outside.getConfig().getClusterName()).isEqualTo("cluster");
		assertThat(outside.getCluster().getLocalMember().getAddress().getPort()).isBetween(5701, 5703);
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.member.getCluster().getMembers()).hasSize(1);
			assertThat(outside.getCluster().getMembers()).hasSize(1);
		});
	}

	@Test
	void underANameOfItsOwnOnAPortOutsideTheDefaultMembers() {
		Config config = this.member.getConfig();
		assertThat(config.getClusterName()).startsWith("test-");
		assertThat(this.member.getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");
		assertThat(this.context.getBeanProvider(TestClusterMembers.class).getIfAvailable()).isNull();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MemberApplication {

	}

}
