package dev.podcluster.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.podcluster.e2e.KubePod;
import org.jspecify.annotations.Nullable;

/**
 * The membership of a set of pods as their logs tell it, with waits for the pods to
 * agree. Times come from the log lines' own timestamps, so polling adds nothing to a
 * measured time.
 */
final class BenchmarkMembership {

	private static final Duration POLL = Duration.ofMillis(100);

	private final Map<String, BenchmarkPodLog> logs = new LinkedHashMap<>();

	private final Function<KubePod, Path> logFile;

	/**
	 * Membership read from pods' logs.
	 * @param logFile where a pod's container log is
	 */
	BenchmarkMembership(Function<KubePod, Path> logFile) {
		this.logFile = logFile;
	}

	/** Start reading these pods' logs. */
	void watch(Collection<KubePod> pods) {
		for (KubePod pod : pods) {
			this.logs.computeIfAbsent(pod.uid(), (uid) -> new BenchmarkPodLog(this.logFile.apply(pod))).refresh();
		}
	}

	BenchmarkPodLog log(KubePod pod) {
		BenchmarkPodLog log = this.logs.get(pod.uid());
		if (log == null) {
			throw new IllegalArgumentException(pod + " is not watched");
		}
		return log.refresh();
	}

	/**
	 * Wait until every observer's latest member list is exactly the members.
	 * @param observers the pods whose view counts
	 * @param members the pods they must see, and no other
	 * @param bound how long to wait
	 * @return when the last observer printed that list, {@code null} when they did not
	 * agree within the bound
	 */
	@Nullable Instant awaitMembers(Collection<KubePod> observers, Collection<KubePod> members, Duration bound) {
		Set<String> expected = members.stream().map(KubePod::memberAddress).collect(Collectors.toSet());
		long deadline = System.nanoTime() + bound.toNanos();
		while (true) {
			Instant agreed = agreedAt(observers, expected);
			if (agreed != null) {
				return agreed;
			}
			if (System.nanoTime() > deadline) {
				return null;
			}
			sleep(POLL);
		}
	}

	private @Nullable Instant agreedAt(Collection<KubePod> observers, Set<String> expected) {
		Instant latest = Instant.EPOCH;
		for (KubePod observer : observers) {
			BenchmarkPodLog log = log(observer);
			List<String> members = log.members();
			Instant since = log.membersSince();
			if (since == null || members.size() != expected.size() || !new HashSet<>(members).equals(expected)) {
				return null;
			}
			latest = since.isAfter(latest) ? since : latest;
		}
		return latest;
	}

	/**
	 * Wait until every pod's application has started (Spring Boot's {@code Started ...}
	 * line).
	 * @param pods the pods
	 * @param bound how long to wait
	 * @return whether they all started within the bound
	 */
	boolean awaitApplicationsStarted(Collection<KubePod> pods, Duration bound) {
		long deadline = System.nanoTime() + bound.toNanos();
		while (pods.stream().anyMatch((pod) -> log(pod).applicationStarted() == null)) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			sleep(POLL);
		}
		return true;
	}

	/**
	 * Whether any of these pods printed a member list with fewer than the given members
	 * at or after the instant: someone was dropped.
	 * @param pods the pods whose lists count
	 * @param size the members each had before
	 * @param from the instant
	 * @return whether some pod's list shrank
	 */
	boolean anyShrankSince(Collection<KubePod> pods, int size, Instant from) {
		return pods.stream().anyMatch((pod) -> log(pod).fewestMembersSince(from) < size);
	}

	/** The oldest member (Hazelcast's master) as this pod sees it. */
	KubePod oldest(KubePod observer, Collection<KubePod> among) {
		String address = log(observer).members().get(0);
		return among.stream()
			.filter((pod) -> pod.memberAddress().equals(address))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The oldest member " + address + " is none of " + among));
	}

	/**
	 * How many of these pods started a cluster of their own: more than one is a split at
	 * start.
	 */
	int clustersStarted(Collection<KubePod> pods) {
		return (int) pods.stream().filter((pod) -> log(pod).startedItsOwnCluster()).count();
	}

	/** What each pod sees, for a report when they do not agree. */
	String describe(Collection<KubePod> pods) {
		return pods.stream()
			.map((pod) -> pod.name() + "(" + pod.ip() + ") sees " + log(pod).members())
			.collect(Collectors.joining("; "));
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
