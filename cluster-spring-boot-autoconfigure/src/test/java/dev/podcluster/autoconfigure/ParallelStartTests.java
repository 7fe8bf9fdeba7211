package dev.podcluster.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.testsupport.net.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three members started at the same moment through the starter, each in a context of its
 * own, on 127.0.0.1 with the same static member list, as pods of a StatefulSet with
 * parallel pod management start: they form one cluster of three, never two clusters that
 * a later merge would join (the split-brain check is pushed past the test's end).
 */
class ParallelStartTests {

	private static final int MEMBERS = 3;

	private static final Duration BOUND = Duration.ofSeconds(60);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, HazelcastAutoConfiguration.class));

	private final ExecutorService starts = Executors.newFixedThreadPool(MEMBERS);

	@AfterEach
	void stopStarts() {
		this.starts.shutdownNow();
	}

	@RepeatedTest(4)
	void formOneClusterOfThree() throws Exception {
		String clusterName = "parallel-" + UUID.randomUUID();
		List<Integer> ports = FreePorts.loopback(MEMBERS);
		String members = ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
		CyclicBarrier start = new CyclicBarrier(MEMBERS);
		CyclicBarrier allSeen = new CyclicBarrier(MEMBERS);
		List<Future<Set<UUID>>> views = new ArrayList<>();
		for (int i = 0; i < MEMBERS; i++) {
			ApplicationContextRunner member = this.runner.withPropertyValues("cluster.cluster-name=" + clusterName,
					"cluster.discovery.mode=static", "cluster.discovery.static.members=" + members,
					"cluster.expected-members=" + MEMBERS, "cluster.naming.name=member-" + i,
					"cluster.hazelcast.address=127.0.0.1", "cluster.hazelcast.port=" + ports.get(i),
					"cluster.hazelcast.split-brain-check-interval=600s");
			views.add(this.starts.submit(() -> {
				start.await(BOUND.toSeconds(), TimeUnit.SECONDS);
				AtomicReference<Set<UUID>> view = new AtomicReference<>();
				member.run((context) -> {
					assertThat(context).hasNotFailed();
					HazelcastInstance hazelcast = context.getBean(HazelcastInstance.class);
					await().atMost(BOUND).until(() -> hazelcast.getCluster().getMembers().size() >= MEMBERS);
					view.set(hazelcast.getCluster()
						.getMembers()
						.stream()
						.map(Member::getUuid)
						.collect(Collectors.toSet()));
					// Every member stays up until each has seen the whole cluster.
					allSeen.await(BOUND.toSeconds(), TimeUnit.SECONDS);
				});
				return view.get();
			}));
		}
		List<Set<UUID>> seen = new ArrayList<>();
		for (Future<Set<UUID>> view : views) {
			seen.add(result(view));
		}
		assertThat(seen.get(0)).hasSize(MEMBERS);
		assertThat(seen).allSatisfy((view) -> assertThat(view).isEqualTo(seen.get(0)));
	}

	private static Set<UUID> result(Future<Set<UUID>> view) throws Exception {
		try {
			return view.get(2 * BOUND.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Exception cause) {
				throw cause;
			}
			throw ex;
		}
	}

}
