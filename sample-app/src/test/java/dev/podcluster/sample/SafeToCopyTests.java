package dev.podcluster.sample;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bounds that make the sample safe to copy, over HTTP: request bodies, the entries
 * map, open message streams per pod, and a counter no cross-site form can increment.
 */
class SafeToCopyTests {

	private static final int ENTRIES_PER_MEMBER = 300;

	private static final int STREAMS_PER_POD = 2;

	@RegisterExtension
	static final SampleCluster cluster = new SampleCluster(2, "--sample.limits.request-body=1KB",
			"--sample.limits.entries-per-member=" + ENTRIES_PER_MEMBER,
			"--sample.limits.stream-subscribers=" + STREAMS_PER_POD);

	@Test
	void aBodyOverTheLimitIsRefusedAndNothingIsStored() {
		String key = "big-" + UUID.randomUUID();
		HttpResponse<String> put = cluster.member(1)
			.send("entries/" + key, (request) -> request.header("Content-Type", "text/plain")
				.PUT(HttpRequest.BodyPublishers.ofString("x".repeat(1025))));
		assertThat(put.statusCode()).isEqualTo(413);
		assertThat(put.body()).contains("send at most 1024", "sample.limits.request-body");
		assertThat(cluster.member(2).send("entries/" + key, (request) -> request.GET()).statusCode()).isEqualTo(404);

		HttpResponse<String> fits = cluster.member(1)
			.send("entries/" + key, (request) -> request.header("Content-Type", "text/plain")
				.PUT(HttpRequest.BodyPublishers.ofString("x".repeat(1024))));
		assertThat(fits.statusCode()).isEqualTo(204);

		HttpResponse<String> message = cluster.member(2)
			.postJson("messages", "{\"text\": \"hi\", \"padding\": \"" + "x".repeat(1100) + "\"}");
		assertThat(message.statusCode()).isEqualTo(413);
	}

	@Test
	void aBodyOfUnknownLengthIsRefused() {
		HttpResponse<String> chunked = cluster.member(1)
			.send("entries/chunked", (request) -> request.header("Content-Type", "text/plain")
				.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[10]))));
		assertThat(chunked.statusCode()).isEqualTo(411);
		assertThat(chunked.body()).contains("Content-Length");
	}

	@Test
	void theEntriesMapEvictsBeyondItsBound() {
		int written = 5 * ENTRIES_PER_MEMBER;
		String last = null;
		for (int i = 0; i < written; i++) {
			last = "bounded-" + i;
			String key = last;
			assertThat(cluster.member(1 + i % 2)
				.send("entries/" + key,
						(request) -> request.header("Content-Type", "text/plain")
							.PUT(HttpRequest.BodyPublishers.ofString("value " + key)))
				.statusCode()).isEqualTo(204);
		}
		long size = cluster.member(1).get("entries").get("size").asLong();
		assertThat(size).as("entries held by 2 members after %s writes", written)
			.isPositive()
			.isLessThanOrEqualTo(2L * ENTRIES_PER_MEMBER);
		String newest = last;
		assertThat(cluster.member(2).send("entries/" + newest, (request) -> request.GET()).body())
			.isEqualTo("value " + newest);
	}

	@Test
	void aPodTakesAtMostItsNumberOfStreamsThenSendsTheNextAway() {
		try (EventStream first = cluster.member(1).openStream(null);
				EventStream second = cluster.member(1).openStream(null)) {
			HttpResponse<String> refused = cluster.member(1)
				.send("messages/stream", (request) -> request.header("Accept", "text/event-stream").GET());
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
			try (EventStream elsewhere = cluster.member(2).openStream(null)) {
				assertThat(elsewhere.hasEnded()).as("another pod still takes streams").isFalse();
			}
		}
		// The server notices a closed stream when writing to it fails.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			cluster.member(2).postMessage("wakes the closed streams " + UUID.randomUUID());
			try (EventStream again = cluster.member(1).openStream(null)) {
				assertThat(again.hasEnded()).isFalse();
			}
		});
	}

	@Test
	void theCounterRefusesWhatAPlainFormCanSend() {
		long before = cluster.member(1).get("counter").get("value").asLong();
		for (String formType : new String[] { "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
				"text/plain" }) {
			HttpResponse<String> response = cluster.member(1)
				.send("counter", (request) -> request.header("Content-Type", formType)
					.POST(HttpRequest.BodyPublishers.ofString("a=b")));
			assertThat(response.statusCode()).as(formType).isEqualTo(415);
			assertThat(response.headers().firstValue("Accept")).as("what it takes instead")
				.hasValue("application/json");
		}
		HttpResponse<String> noType = cluster.member(1)
			.send("counter", (request) -> request.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(noType.statusCode()).isEqualTo(415);
		assertThat(cluster.member(2).get("counter").get("value").asLong()).isEqualTo(before);

		assertThat(cluster.member(2).post("counter").get("value").asLong()).isEqualTo(before + 1);
	}

}
