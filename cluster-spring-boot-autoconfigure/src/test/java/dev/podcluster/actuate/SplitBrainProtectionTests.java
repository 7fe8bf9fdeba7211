package dev.podcluster.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.podcluster.actuate.MemberHttp.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static dev.podcluster.actuate.MemberHttp.get;
import static dev.podcluster.actuate.MemberHttp.readiness;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A network partition, as a user of three members with
 * {@code cluster.split-brain-protection=majority} sees it: the member cut off from the
 * other two refuses reads and writes once it notices (the detection window), reports it
 * in its health and goes NotReady; the two keep working and stay Ready; after the heal it
 * is Ready again in one cluster, and every write it acknowledged before it noticed is
 * still there, over the older entry the majority kept, unless the majority wrote the key
 * later ({@code cluster.merge-policy}'s default, latest-update; with put-if-absent,
 * Hazelcast's default, every one of them is lost). Members on 127.0.0.1, each behind a
 * {@link MemberLinks relay} that the test cuts. {@code -Dsplitbrain.rounds=N} repeats the
 * cut and the heal to measure the window.
 */
class SplitBrainProtectionTests {

	private static final Duration BOUND = Duration.ofSeconds(90);

	/** The goal: a side below the minimum stops acknowledging within this. */
	private static final Duration WINDOW_GOAL = Duration.ofSeconds(10);

	private static final int MINORITY = 2;

	private final List<ConfigurableApplicationContext> members = new ArrayList<>();

	private MemberLinks links;

	@AfterEach
	void stop() {
		this.members.forEach(ConfigurableApplicationContext::close);
		if (this.links != null) {
			this.links.close();
		}
	}

	@Test
	void aMemberCutOffFromTheMajorityRefusesOperationsAndIsNotReadyUntilTheHealAndKeepsItsAcknowledgedWrites()
			throws Exception {
		this.links = MemberLinks.of(3);
		String clusterName = "split-" + UUID.randomUUID();
		// One after the other: each member's static list names its peers only, so a
		// parallel start would wait for the third seed and then form more than one
		// cluster.
		for (int i = 0; i < 3; i++) {
			this.members.add(start(clusterName, i));
		}
		for (ConfigurableApplicationContext member : this.members) {
			await().atMost(BOUND).untilAsserted(() -> {
				assertThat(readiness(member).code()).isEqualTo(200);
				assertThat(get(member, "/actuator/cluster").get("size").asInt()).isEqualTo(3);
			});
		}
		// Partitions are assigned at the first operation.
		hazelcast(this.members.get(0)).getMap("orders").put("first", "write");
		for (ConfigurableApplicationContext member : this.members) {
			await().atMost(BOUND).until(() -> hazelcast(member).getPartitionService().isClusterSafe());
		}
		int rounds = Integer.getInteger("splitbrain.rounds", 1);
		for (int round = 1; round <= rounds; round++) {
			partitionAndHeal(round);
		}
	}

	private void partitionAndHeal(int round) throws Exception {
		ConfigurableApplicationContext minority = this.members.get(MINORITY);
		ConfigurableApplicationContext majority = this.members.get(0);
		IMap<String, String> minorityOrders = hazelcast(minority).getMap("orders");
		List<String> keys = ownedBy(hazelcast(minority), "round-" + round + "-", 140);
		String contested = keys.get(0);
		// Keys that exist on both sides: the merge must choose between two entries.
		minorityOrders.putAll(keys.stream().collect(Collectors.toMap((key) -> key, (key) -> "before-cut")));

		long cut = System.nanoTime();
		// What a member-count protection would go by: the member list, which drops a
		// silent peer only after the heartbeat timeout.
		CompletableFuture<Duration> peerDropped = new CompletableFuture<>();
		UUID listener = hazelcast(minority).getCluster().addMembershipListener(new MembershipAdapter() {

			@Override
			public void memberRemoved(MembershipEvent event) {
				peerDropped.complete(Duration.ofNanos(System.nanoTime() - cut));
			}

		});
		this.links.isolate(MINORITY);
		Map<String, Write> writes = new ConcurrentHashMap<>();
		ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
		List<CompletableFuture<?>> pending = new ArrayList<>();
		try {
			for (int i = 0; i < keys.size(); i++) {
				String key = keys.get(i);
				CompletableFuture<Void> done = new CompletableFuture<>();
				pending.add(done);
				// One write every 75 ms for 10.5 s, to keys this member owns: its own
				// side
				// answers them, so only the protection stops them.
				writer.schedule(() -> {
					Duration started = Duration.ofNanos(System.nanoTime() - cut);
					minorityOrders.putAsync(key, "minority-" + key)
						.toCompletableFuture()
						.whenComplete((previous, error) -> {
							writes.put(key, new Write(started, error));
							done.complete(null);
						});
				}, 75L * i, TimeUnit.MILLISECONDS);
			}
			await().atMost(BOUND).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
				Readiness readiness = readiness(minority);
				assertThat(readiness.code()).isEqualTo(503);
				assertThat(readiness.reason()).contains("split-brain protection (cluster.split-brain-protection)")
					.contains("fewer than 2 members")
					.contains("SplitBrainProtectionException");
			});
			Duration notReady = Duration.ofNanos(System.nanoTime() - cut);
			JsonNode protection = get(minority, "/actuator/cluster").get("splitBrainProtection");
			assertThat(protection.get("minimum").asInt()).isEqualTo(2);
			assertThat(protection.get("minimumPresent").asBoolean()).isFalse();
			CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			Duration lastAcknowledged = writes.values()
				.stream()
				.filter(Write::acknowledged)
				.map(Write::started)
				.max(Duration::compareTo)
				.orElse(Duration.ZERO);
			Duration firstRefused = writes.values()
				.stream()
				.filter(Write::refused)
				.map(Write::started)
				.min(Duration::compareTo)
				.orElseThrow(() -> new AssertionError("no write was refused: " + writes));
			System.out.println("SPLIT-BRAIN-WINDOW round=" + round + " lastAcknowledgedWriteStartedMs="
					+ lastAcknowledged.toMillis() + " firstRefusedWriteStartedMs=" + firstRefused.toMillis()
					+ " notReadySeenMs=" + notReady.toMillis() + " acknowledged="
					+ writes.values().stream().filter(Write::acknowledged).count() + " refused="
					+ writes.values().stream().filter(Write::refused).count() + " outcomes="
					+ keys.stream()
						.map(writes::get)
						.map((write) -> write.acknowledged() ? "a" : write.refused() ? "r" : "?")
						.collect(Collectors.joining()));
			assertThat(writes.values()).as("every write either acknowledged or refused by the protection")
				.allMatch((write) -> write.acknowledged() || write.refused());
			assertThat(lastAcknowledged).as("the detection window").isLessThan(WINDOW_GOAL);
			assertThat(firstRefused).as("the first refusal").isLessThan(WINDOW_GOAL);
			assertThat(get(minority, "/actuator/cluster").get("size").asInt()).isLessThanOrEqualTo(3);
			// Reads too: a side that cannot write has stale data.
			assertThat(minorityOrders.getAsync(contested).toCompletableFuture().handle((value, error) -> error).join())
				.isInstanceOf(SplitBrainProtectionException.class);
		}
		finally {
			writer.shutdownNow();
		}

		// The two drop the cut member and keep working, Ready.
		await().atMost(BOUND).untilAsserted(() -> {
			assertThat(get(majority, "/actuator/cluster").get("size").asInt()).isEqualTo(2);
			assertThat(get(minority, "/actuator/cluster").get("size").asInt()).isEqualTo(1);
		});
		System.out.println("SPLIT-BRAIN-MEMBER-LIST round=" + round + " firstPeerDroppedMs="
				+ peerDropped.get(BOUND.toSeconds(), TimeUnit.SECONDS).toMillis());
		hazelcast(minority).getCluster().removeMembershipListener(listener);
		IMap<String, String> majorityOrders = hazelcast(majority).getMap("orders");
		assertThat(readiness(majority).code()).isEqualTo(200);
		majorityOrders.put(contested, "majority");

		this.links.heal();
		long healed = System.nanoTime();
		for (ConfigurableApplicationContext member : this.members) {
			await().atMost(BOUND).untilAsserted(() -> {
				assertThat(get(member, "/actuator/cluster").get("size").asInt()).isEqualTo(3);
				assertThat(readiness(member).code()).isEqualTo(200);
			});
		}
		Duration oneCluster = Duration.ofNanos(System.nanoTime() - healed);
		// Ready only once its entries are merged: latest update wins, so its
		// acknowledged writes are there, and the contested key keeps the majority's
		// later write.
		List<String> acknowledged = writes.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().acknowledged() && !entry.getKey().equals(contested))
			.map(Map.Entry::getKey)
			.toList();
		assertThat(acknowledged.stream().filter((key) -> !("minority-" + key).equals(majorityOrders.get(key))).toList())
			.as("acknowledged writes lost in the merge")
			.isEmpty();
		assertThat(majorityOrders.get(contested)).isEqualTo("majority");
		minorityOrders.put("after-heal-" + round, "ok");
		System.out.println("SPLIT-BRAIN-MERGE round=" + round + " readyInOneClusterMs=" + oneCluster.toMillis()
				+ " acknowledgedWritesKept=" + acknowledged.size());
	}

	/** Keys whose partition this member owns. */
	private static List<String> ownedBy(HazelcastInstance hazelcast, String prefix, int count) {
		List<String> keys = new ArrayList<>();
		for (int i = 0; keys.size() < count; i++) {
			String key = prefix + i;
			if (hazelcast.getPartitionService().getPartition(key).getOwner().localMember()) {
				keys.add(key);
			}
		}
		return keys;
	}

	private ConfigurableApplicationContext start(String clusterName, int member) {
		return new SpringApplicationBuilder(MemberApplication.class)
			.properties("server.port=0", "management.endpoints.web.exposure.include=cluster,health",
					"management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true",
					"management.endpoint.health.group.readiness.include=readinessState,cluster",
					"management.endpoint.health.group.readiness.show-details=always",
					"cluster.cluster-name=" + clusterName, "cluster.expected-members=3",
					"cluster.split-brain-protection=majority", "cluster.discovery.mode=static",
					"cluster.discovery.static.members=" + String.join(",", this.links.peersOf(member)),
					"cluster.discovery.interval=1s", "cluster.discovery.join-wait=0s",
					"cluster.naming.name=member-" + member, "cluster.hazelcast.address=127.0.0.1",
					"cluster.hazelcast.port=" + this.links.memberPort(member),
					"cluster.hazelcast.split-brain-check-interval=2s",
					"test.relay.public-address=" + this.links.publicAddress(member),
					"test.relay.outbound-ports=" + this.links.outboundPorts(member)
						.stream()
						.map(String::valueOf)
						.collect(Collectors.joining(",")))
			.run();
	}

	private static HazelcastInstance hazelcast(ConfigurableApplicationContext member) {
		return member.getBean(HazelcastInstance.class);
	}

	/** A write to the cut-off member: when it started after the cut, and how it ended. */
	private record Write(Duration started, Throwable failure) {

		boolean acknowledged() {
			return this.failure == null;
		}

		boolean refused() {
			Throwable cause = (this.failure instanceof CompletionException) ? this.failure.getCause() : this.failure;
			return cause instanceof SplitBrainProtectionException;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MemberApplication {

		/**
		 * Advertises the member's relay, and opens connections from the member's ports.
		 */
		@Bean
		HazelcastConfigCustomizer relay(Environment environment) {
			return (config) -> {
				config.getNetworkConfig()
					.setPublicAddress(environment.getRequiredProperty("test.relay.public-address"));
				for (String port : environment.getRequiredProperty("test.relay.outbound-ports").split(",")) {
					config.getNetworkConfig().addOutboundPort(Integer.parseInt(port));
				}
			};
		}

	}

}
