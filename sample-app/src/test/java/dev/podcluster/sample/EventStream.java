package dev.podcluster.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Server-Sent Events client, as a browser's EventSource: collects the events of one
 * open stream.
 */
final class EventStream implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<Event> events = new CopyOnWriteArrayList<>();

	private final CompletableFuture<HttpResponse.ResponseInfo> opened = new CompletableFuture<>();

	private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private @Nullable String id;

	private final StringBuilder data = new StringBuilder();

	private EventStream() {
	}

	/**
	 * Opens a stream and waits until the server answered; from then on the subscription
	 * is live.
	 * @param http the client
	 * @param uri the stream
	 * @param lastEventId the {@code Last-Event-ID} to send, as a reconnecting EventSource
	 * does, or {@code null}
	 * @return the open stream
	 */
	static EventStream open(HttpClient http, URI uri, @Nullable String lastEventId) {
		EventStream stream = new EventStream();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		http.sendAsync(request.build(), (info) -> {
			stream.opened.complete(info);
			return HttpResponse.BodySubscribers.fromLineSubscriber(stream.new Lines());
		});
		HttpResponse.ResponseInfo info = stream.opened.orTimeout(30, TimeUnit.SECONDS).join();
		assertThat(info.statusCode()).as("GET %s", uri).isEqualTo(200);
		assertThat(info.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		return stream;
	}

	List<Event> events() {
		return List.copyOf(this.events);
	}

	/**
	 * Returns whether the server ended the stream.
	 * @return whether it ended
	 */
	boolean hasEnded() {
		return this.ended.isDone();
	}

	List<String> texts() {
		return this.events.stream().map((event) -> event.message().get("text").asString()).toList();
	}

	@Override
	public void close() {
		this.subscription.orTimeout(10, TimeUnit.SECONDS).join().cancel();
	}

	private void line(String line) {
		if (line.isEmpty()) {
			if (!this.data.isEmpty()) {
				this.events.add(new Event(this.id, json.readTree(this.data.toString())));
			}
			this.data.setLength(0);
			this.id = null;
		}
		else if (line.startsWith("id:")) {
			this.id = field(line, "id:");
		}
		else if (line.startsWith("data:")) {
			this.data.append((this.data.isEmpty()) ? "" : "\n").append(field(line, "data:"));
		}
	}

	private static String field(String line, String name) {
		String value = line.substring(name.length());
		return value.startsWith(" ") ? value.substring(1) : value;
	}

	/**
	 * One event.
	 *
	 * @param id the event id
	 * @param message the message it carries
	 */
	record Event(@Nullable String id, JsonNode message) {

	}

	private final class Lines implements Flow.Subscriber<String> {

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			EventStream.this.subscription.complete(subscription);
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String item) {
			line(item);
		}

		@Override
		public void onError(Throwable throwable) {
			EventStream.this.ended.complete(null);
		}

		@Override
		public void onComplete() {
			EventStream.this.ended.complete(null);
		}

	}

}
