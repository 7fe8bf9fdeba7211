package dev.podcluster.e2e;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Clients of the sample's HTTP API on every pod, each sending one request at a time:
 * writes of unique values to the current round's keys ({@code PUT /entries/{key}}), reads
 * of them, increments and reads of the counter; every operation goes to the
 * {@link PartitionHistory}. A request unanswered within {@link #TIMEOUT} is recorded as
 * unknown (it may still take effect).
 */
final class PartitionWorkload implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(15);

	static final int KEYS_PER_ROUND = 5;

	private static final Duration PAUSE = Duration.ofMillis(50);

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.proxy(HttpClient.Builder.NO_PROXY)
		.build();

	private final PartitionHistory history;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final List<CompletableFuture<Void>> stopped = new ArrayList<>();

	private final AtomicInteger acknowledgedWrites = new AtomicInteger();

	private final Set<String> written = ConcurrentHashMap.newKeySet();

	private volatile int round = 1;

	private volatile boolean running = true;

	/**
	 * Starts the clients, on the first round's keys.
	 * @param history where the operations go
	 * @param pods the pods, each with its own clients
	 * @param clientsPerPod how many clients each pod has
	 */
	PartitionWorkload(PartitionHistory history, List<KubePod> pods, int clientsPerPod) {
		this.history = history;
		int client = 0;
		for (KubePod pod : pods) {
			for (int i = 0; i < clientsPerPod; i++) {
				CompletableFuture<Void> done = new CompletableFuture<>();
				this.stopped.add(done);
				int number = client++;
				Random random = new Random(number);
				this.scheduler.execute(() -> next(number, pod, random, 0, done));
			}
		}
	}

	/** From now on, the writes and reads go to this round's keys. */
	void round(int round) {
		this.round = round;
	}

	/**
	 * Every key a write was sent to, so far: the keys the final reads must cover.
	 */
	SortedSet<String> writtenKeys() {
		return new TreeSet<>(this.written);
	}

	/** Writes answered 2xx so far. */
	int acknowledgedWrites() {
		return this.acknowledgedWrites.get();
	}

	static String key(int round, int index) {
		return "r" + round + "-k" + index;
	}

	/** The round a key belongs to. */
	static int round(String key) {
		return Integer.parseInt(key.substring(1, key.indexOf('-')));
	}

	private void next(int client, KubePod pod, Random random, int sequence, CompletableFuture<Void> done) {
		if (!this.running) {
			done.complete(null);
			return;
		}
		int round = this.round;
		String key = key(round, random.nextInt(KEYS_PER_ROUND));
		int dice = random.nextInt(100);
		CompletableFuture<?> sent;
		if (dice < 50) {
			sent = write(client, pod, round, key, "c" + client + "-" + sequence);
		}
		else if (dice < 80) {
			sent = read(client, pod, round, key, false);
		}
		else if (dice < 92) {
			sent = increment(client, pod, round);
		}
		else {
			sent = readCounter(client, pod, false);
		}
		sent.whenComplete((result, ex) -> this.scheduler.schedule(() -> next(client, pod, random, sequence + 1, done),
				PAUSE.toMillis(), TimeUnit.MILLISECONDS));
	}

	CompletableFuture<Boolean> write(int client, KubePod pod, int round, String key, String value) {
		PartitionHistory.Operation operation = new PartitionHistory.Operation(client, pod.name(), "write", round, key,
				value, this.history.now(), false);
		this.written.add(key);
		HttpRequest request = request(pod, "/entries/" + key).header("Content-Type", "text/plain")
			.PUT(HttpRequest.BodyPublishers.ofString(value))
			.build();
		return send(request, operation, (response) -> {
			if (response.statusCode() / 100 == 2) {
				this.acknowledgedWrites.incrementAndGet();
				return Answer.OK;
			}
			return Answer.FAILED;
		});
	}

	/**
	 * Reads one key.
	 * @param last whether it is a final read, after the last heal
	 * @return whether the pod answered (200 or 404)
	 */
	CompletableFuture<Boolean> read(int client, KubePod pod, int round, String key, boolean last) {
		PartitionHistory.Operation operation = new PartitionHistory.Operation(client, pod.name(), "read", round, key,
				"", this.history.now(), last);
		return send(request(pod, "/entries/" + key).GET().build(), operation,
				(response) -> switch (response.statusCode()) {
					case 200 -> new Answer("ok", response.body().strip());
					case 404 -> Answer.ABSENT;
					default -> Answer.FAILED;
				});
	}

	CompletableFuture<Boolean> readCounter(int client, KubePod pod, boolean last) {
		PartitionHistory.Operation operation = new PartitionHistory.Operation(client, pod.name(), "counter", 0, "", "",
				this.history.now(), last);
		return send(request(pod, "/counter").header("Accept", "application/json").GET().build(), operation,
				PartitionWorkload::counterValue);
	}

	private CompletableFuture<Boolean> increment(int client, KubePod pod, int round) {
		PartitionHistory.Operation operation = new PartitionHistory.Operation(client, pod.name(), "inc", round, "", "",
				this.history.now(), false);
		HttpRequest request = request(pod, "/counter").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		return send(request, operation, PartitionWorkload::counterValue);
	}

	private static Answer counterValue(HttpResponse<String> response) {
		if (response.statusCode() / 100 != 2) {
			return Answer.FAILED;
		}
		return new Answer("ok", String.valueOf(SampleApp.JSON.readTree(response.body()).path("value").asLong()));
	}

	private CompletableFuture<Boolean> send(HttpRequest request, PartitionHistory.Operation operation,
			Function<HttpResponse<String>, Answer> read) {
		return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, ex) -> {
			long ret = this.history.now();
			Answer answer = (ex != null) ? Answer.of(ex) : read.apply(response);
			this.history.operation(operation, ret, answer.outcome(), answer.result());
			return answer.outcome().equals("ok");
		});
	}

	private static HttpRequest.Builder request(KubePod pod, String path) {
		return HttpRequest.newBuilder(URI.create("http://" + pod.ip() + ":" + SampleApp.HTTP_PORT + path))
			.timeout(TIMEOUT);
	}

	/**
	 * Stops the clients: each finishes the request it has in flight.
	 */
	void stop() {
		this.running = false;
		CompletableFuture.allOf(this.stopped.toArray(CompletableFuture[]::new))
			.orTimeout(TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)
			.join();
	}

	@Override
	public void close() {
		stop();
		this.scheduler.shutdown();
	}

	/**
	 * An operation's outcome as the history records it.
	 *
	 * @param outcome {@code ok}, {@code fail} or {@code unknown}
	 * @param result the value returned, {@code null} when none
	 */
	private record Answer(String outcome, @Nullable String result) {

		static final Answer OK = new Answer("ok", null);

		static final Answer ABSENT = new Answer("ok", null);

		static final Answer FAILED = new Answer("fail", null);

		/**
		 * No answer: a timeout is unknown (the request may have been applied); a refused
		 * or failed connection is a failure.
		 */
		static Answer of(Throwable ex) {
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
				return FAILED;
			}
			return new Answer("unknown", null);
		}

	}

}
