package dev.podcluster.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cross-node messaging: a message posted to one member reaches the Server-Sent Events
 * subscribers of every member.
 */
class MessagingTests {

	@RegisterExtension
	static final SampleCluster cluster = new SampleCluster(2);

	@Test
	void aMessagePostedOnOneMemberReachesSubscribersOnEveryMember() {
		String text = unique("hello");
		try (EventStream onNode1 = cluster.member(1).openStream(null);
				EventStream onNode2 = cluster.member(2).openStream(null)) {
			cluster.member(1).postMessage(text);
			for (EventStream stream : new EventStream[] { onNode1, onNode2 }) {
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(stream.events()).anySatisfy((event) -> {
						assertThat(event.message().get("text").asString()).isEqualTo(text);
						assertThat(event.message().get("from").asString()).isEqualTo("node-1");
						assertThat(event.message().get("sentAt").asString()).isNotBlank();
						assertThat(event.id()).isNotBlank();
					}));
			}
		}
	}

	@Test
	void aNewSubscriberFirstGetsTheRecentMessages() {
		String text = unique("before you came");
		cluster.member(2).postMessage(text);
		try (EventStream latecomer = cluster.member(1).openStream(null)) {
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(latecomer.texts()).contains(text));
		}
	}

	@Test
	void aReconnectingSubscriberResumesAfterTheLastEventItSaw() {
		String seen = unique("seen");
		String missed = unique("missed");
		String lastEventId;
		try (EventStream first = cluster.member(1).openStream(null)) {
			cluster.member(1).postMessage(seen);
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(first.texts()).contains(seen));
			lastEventId = first.events()
				.stream()
				.filter((event) -> event.message().get("text").asString().equals(seen))
				.findFirst()
				.orElseThrow()
				.id();
		}
		cluster.member(2).postMessage(missed);
		try (EventStream again = cluster.member(2).openStream(lastEventId)) {
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(again.texts()).contains(missed));
			assertThat(again.texts()).doesNotContain(seen);
		}
	}

	@Test
	void anEmptyMessageIsRefusedWithTheFix() {
		HttpResponse<String> response = cluster.member(1).postJson("messages", "{\"text\": \"  \"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("Send a text of 1 to 500 characters");
	}

	private static String unique(String text) {
		return text + " " + UUID.randomUUID();
	}

}
