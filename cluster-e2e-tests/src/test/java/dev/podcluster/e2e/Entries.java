package dev.podcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * Bulk writes and reads of the sample's distributed map over HTTP ({@code PUT/GET
 * /entries/{key}}), spread over pods, a bounded number of requests in flight.
 */
final class Entries {

	private static final int IN_FLIGHT = 16;

	private Entries() {
	}

	/**
	 * Write {@code count} entries {@code <prefix><n>} with distinct values, round robin
	 * over the pods.
	 * @param pods the pods to send to
	 * @param prefix the keys' prefix
	 * @param count how many
	 * @param bound the time allowed
	 * @return the entries written (every PUT answered 2xx)
	 */
	static Map<String, String> write(List<PodHttp> pods, String prefix, int count, Duration bound) {
		Map<String, String> entries = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			entries.put(prefix + i, "value-" + i + "-" + Integer.toHexString((prefix + i).hashCode()));
		}
		Map<String, String> failures = run(pods, new ArrayList<>(entries.keySet()), bound,
				(pod, key) -> pod.putAsync("/entries/" + key, entries.get(key)).thenApply((response) -> {
					return (response.statusCode() / 100 == 2) ? null : pod + " answered " + response.statusCode();
				}));
		assertThat(failures).as("failed PUTs").isEmpty();
		return entries;
	}

	/**
	 * Read every entry back, round robin over the pods, and check each value.
	 * @param pods the pods to read from
	 * @param expected the entries that must be there
	 * @param bound the time allowed
	 */
	static void assertAllReadable(List<PodHttp> pods, Map<String, String> expected, Duration bound) {
		Map<String, String> wrong = run(pods, new ArrayList<>(expected.keySet()), bound,
				(pod, key) -> pod.getAsync("/entries/" + key).thenApply((HttpResponse<String> response) -> {
					if (response.statusCode() != 200) {
						return pod + " answered " + response.statusCode();
					}
					return expected.get(key).equals(response.body().strip()) ? null : "value '" + response.body() + "'";
				}));
		assertThat(wrong).as(wrong.size() + " of " + expected.size() + " entries missing or wrong (first ones shown)")
			.isEmpty();
	}

	private static Map<String, String> run(List<PodHttp> pods, List<String> keys, Duration bound,
			BiFunction<PodHttp, String, CompletableFuture<String>> request) {
		Map<String, String> failures = new ConcurrentHashMap<>();
		Semaphore inFlight = new Semaphore(IN_FLIGHT);
		long deadline = System.nanoTime() + bound.toNanos();
		List<CompletableFuture<?>> all = new ArrayList<>();
		try {
			for (int i = 0; i < keys.size(); i++) {
				String key = keys.get(i);
				PodHttp pod = pods.get(i % pods.size());
				if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					throw new AssertionError("Requests did not finish within " + bound.toSeconds() + " s");
				}
				all.add(request.apply(pod, key).handle((problem, ex) -> {
					inFlight.release();
					if (ex != null) {
						failures.put(key, pod + ": " + ex);
					}
					else if (problem != null) {
						failures.put(key, problem);
					}
					return null;
				}));
			}
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
				.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new AssertionError("Requests did not finish within " + bound.toSeconds() + " s", ex);
		}
		Map<String, String> firstFailures = new LinkedHashMap<>();
		failures.entrySet().stream().limit(10).forEach((entry) -> firstFailures.put(entry.getKey(), entry.getValue()));
		if (failures.size() > firstFailures.size()) {
			firstFailures.put("...", (failures.size() - firstFailures.size()) + " more");
		}
		return firstFailures;
	}

}
