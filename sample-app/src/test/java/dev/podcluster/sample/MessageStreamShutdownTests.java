package dev.podcluster.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member that stops ends its open message streams at once: its clients reconnect to
 * another member, and its graceful shutdown does not wait for them.
 */
class MessageStreamShutdownTests {

	@RegisterExtension
	static final SampleCluster cluster = new SampleCluster(1);

	@Test
	void stoppingEndsOpenStreamsAtOnce() {
		EventStream stream = cluster.member(1).openStream(null);
		long start = System.nanoTime();

		cluster.member(1).close();

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
		await().atMost(Duration.ofSeconds(5)).until(stream::hasEnded);
	}

}
