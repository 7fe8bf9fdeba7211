package dev.podcluster.actuate;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.podcluster.testsupport.hostile.HostileConnections;
import dev.podcluster.testsupport.hostile.RogueTask;
import dev.podcluster.testsupport.net.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * What reaches a member's port from a process that is not a well-behaved member: a peer
 * that sends a Java-serialized object of a class outside the deserialization filter's
 * allow list, and connections that send garbage or nothing at all. The member refuses,
 * says so in its log, stays healthy and keeps its data.
 */
@ExtendWith(OutputCaptureExtension.class)
class MemberPortHostileInputTests {

	private final String clusterName = "hostile-" + UUID.randomUUID();

	private final List<Integer> ports = FreePorts.loopback(2);

	private ConfigurableApplicationContext member;

	@BeforeEach
	void startMember() {
		this.member = start("victim", this.ports.get(0), "cluster.discovery.mode=none");
		this.member.getBean(HazelcastInstance.class).<String, String>getMap("orders").set("o-1", "three apples");
	}

	@AfterEach
	void stopMember() {
		if (this.member != null) {
			this.member.close();
		}
	}

	@Test
	void objectOfAClassOutsideTheAllowListIsRefusedAndLogged(CapturedOutput output) throws Exception {
		// A peer with the cluster's name and the member's address joins: only the network
		// keeps it out (docs/security.md). What it sends is still filtered.
		try (ConfigurableApplicationContext rogue = start("rogue", this.ports.get(1), "cluster.discovery.mode=static",
				"cluster.discovery.static.members=127.0.0.1:" + this.ports.get(0))) {
			HazelcastInstance victim = this.member.getBean(HazelcastInstance.class);
			HazelcastInstance peer = rogue.getBean(HazelcastInstance.class);
			await().atMost(Duration.ofSeconds(60)).until(() -> victim.getCluster().getMembers().size() == 2);
			Member target = victim.getCluster().getLocalMember();
			Future<String> sent = peer.getExecutorService("work").submitToMember(new RogueTask(), target);
			assertThatException().isThrownBy(() -> sent.get())
				.havingRootCause()
				.isInstanceOf(SecurityException.class)
				.withMessageContaining(RogueTask.class.getName())
				.withMessageContaining("is not allowed");
			assertThat(RogueTask.ran).isFalse();
			String refused = "Resolving class " + RogueTask.class.getName() + " is not allowed";
			assertThat(output.getAll().lines()).as("the member's own log says what it refused")
				.anyMatch((line) -> line.contains("[127.0.0.1]:" + this.ports.get(0) + " ") && line.contains(refused));
		}
		assertHealthyWithItsData();
	}

	@Test
	void garbageAndHalfOpenConnectionsLeaveTheMemberHealthy() {
		InetSocketAddress port = new InetSocketAddress(InetAddress.getLoopbackAddress(), this.ports.get(0));
		try (HostileConnections sent = HostileConnections.send(port, 120, 26)) {
			assertThat(sent.halfOpen()).isEqualTo(30);
			assertHealthyWithItsData();
		}
		assertHealthyWithItsData();
	}

	private void assertHealthyWithItsData() {
		HazelcastInstance instance = this.member.getBean(HazelcastInstance.class);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.member.getBean(ClusterHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
			assertThat(instance.getCluster().getMembers()).hasSize(1);
		});
		assertThat(instance.getLifecycleService().isRunning()).isTrue();
		IMap<String, String> orders = instance.getMap("orders");
		assertThat(orders.get("o-1")).isEqualTo("three apples");
		orders.set("o-2", "a pear");
		assertThat(orders.get("o-2")).isEqualTo("a pear");
	}

	private ConfigurableApplicationContext start(String name, int port, String... properties) {
		return new SpringApplicationBuilder(MemberApplication.class)
			.properties("spring.main.web-application-type=none", "cluster.cluster-name=" + this.clusterName,
					"cluster.naming.name=" + name, "cluster.hazelcast.address=127.0.0.1",
					"cluster.hazelcast.port=" + port)
			.properties(properties)
			.run();
	}

	/** An application in this package: its classes are the ones the filter lets in. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MemberApplication {

	}

}
