package dev.podcluster.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

import dev.podcluster.benchmark.BenchmarkResults.Column;
import dev.podcluster.benchmark.BenchmarkResults.Contender;
import dev.podcluster.benchmark.BenchmarkResults.JmhScore;
import dev.podcluster.e2e.KubeBed;
import dev.podcluster.e2e.KubePod;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.util.Statistics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark of docs/benchmarks.md: the starter against Hazelcast's own Kubernetes
 * discovery in DNS lookup mode ({@code service-dns}), both as StatefulSets of the
 * sample's pods applied with {@code kubectl} on a kube-bed (a real control plane and
 * CoreDNS; manifests in {@code cluster-benchmarks/k8s}), alternating, several rounds
 * each; the starter's start-up cost against plain Spring Boot + Hazelcast with a static
 * member list; and one JMH benchmark of an SRV lookup. Membership is read for both
 * contenders from the {@code Members {size:N}} lists Hazelcast logs in the containers'
 * logs. Not part of the suite, and it asserts nothing about times: run it with
 * {@value #COMMAND} (as root). It writes {@code target/benchmark/results.md},
 * {@code .csv}, {@code .json} and {@code chart.png}.
 *
 * <p>
 * Parts ({@code benchmark.parts}, default {@code cluster,failure,splits,startup,dns}):
 * {@code cluster} cold formations of every size (with the join phase: the last member's
 * {@code is STARTING} until every pod lists all) and, on the 5-pod cluster, scale-up,
 * crash, link cut and split heal; {@code join} the same cold formations without the
 * events; {@code failure} a hung member (SIGSTOP, kept) and a stop-the-world pause
 * (SIGSTOP, 5 s, SIGCONT) for the starter with its deadline detector, the starter with
 * Hazelcast's phi-accrual detector and the built-in; {@code splits} many parallel cold
 * starts of the starter only, counting the ones that split; {@code startup} one pod's
 * start-up cost; {@code dns} the JMH SRV lookup; {@code modes} (not in the default) four
 * contenders side by side, the starter and the built-in each in its DNS mode and in its
 * Kubernetes API mode: a cold formation with its join phase, then one pod added (scaled
 * by one), from its launch, its Hazelcast start, its readiness and its Pod's
 * {@code Ready} condition until every member lists it.
 *
 * <p>
 * Knobs (system properties): {@code benchmark.rounds} (3), {@code benchmark.sizes}
 * (3,5,10), {@code benchmark.eventsSize} (5: the cluster scale-up, crash, link cut and
 * split heal run on), {@code benchmark.healBoundSeconds} (60),
 * {@code benchmark.failureRounds} (as {@code benchmark.rounds}),
 * {@code benchmark.failureSize} (3: the pods of each failure round),
 * {@code benchmark.splitRounds} (20) and {@code benchmark.splitSizes} (3,5: each size
 * started that many times; {@code 5:40,10:20} gives a size its own count),
 * {@code benchmark.modesSize} (3: the pods the {@code modes} part forms, before it adds
 * one), {@code benchmark.oursEnvironment} (variables added to the starter's pods, in both
 * its modes, for a trial of other settings: {@code NAME=value,NAME=value}),
 * {@code benchmark.parts}.
 */
class DiscoveryBenchmark {

	static final String COMMAND = "flock /tmp/e2e.lock ./mvnw -pl cluster-benchmarks -am verify -Pbenchmark"
			+ " -DskipTests";

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	/** The contenders' kustomizations, relative to the repository. */
	private static final String KUBE = "cluster-benchmarks/k8s/";

	private static final String OURS_KUSTOMIZATION = KUBE + "starter";

	private static final String THEIRS_KUSTOMIZATION = KUBE + "built-in";

	private static final String PLAIN_KUSTOMIZATION = KUBE + "plain";

	/** The starter in kubernetes-api mode: the sample's kubernetes-api component. */
	private static final String OURS_KUBERNETES_API_KUSTOMIZATION = KUBE + "starter-kubernetes-api";

	/** Hazelcast's built-in discovery in its Kubernetes API mode, with its RBAC. */
	private static final String THEIRS_KUBERNETES_API_KUSTOMIZATION = KUBE + "built-in-kubernetes-api";

	/**
	 * The built-in contender's hazelcast.yaml; it names the headless Service in
	 * {@code service-dns}.
	 */
	private static final String THEIRS_CONFIG = THEIRS_KUSTOMIZATION + "/hazelcast-kubernetes-dns.yaml";

	private static final String PLAIN_CONFIG = PLAIN_KUSTOMIZATION + "/hazelcast-static-members.yaml";

	/**
	 * The built-in's hazelcast.yaml in API mode; it names the namespace and the Service
	 * in {@code namespace} and {@code service-name}.
	 */
	private static final String THEIRS_KUBERNETES_API_CONFIG = THEIRS_KUBERNETES_API_KUSTOMIZATION
			+ "/hazelcast-kubernetes-api.yaml";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);

	private static final List<Integer> SIZES = Arrays.stream(System.getProperty("benchmark.sizes", "3,5,10").split(","))
		.map(String::strip)
		.map(Integer::valueOf)
		.toList();

	private static final int EVENTS_SIZE = Integer.getInteger("benchmark.eventsSize", 5);

	private static final Set<String> PARTS = parts(
			System.getProperty("benchmark.parts", "cluster,failure,splits,startup,dns"));

	private static final int FAILURE_ROUNDS = Integer.getInteger("benchmark.failureRounds", ROUNDS);

	private static final int FAILURE_SIZE = Integer.getInteger("benchmark.failureSize", 3);

	private static final int SPLIT_ROUNDS = Integer.getInteger("benchmark.splitRounds", 20);

	/** The pods the {@code modes} part forms a cluster of, before it adds one. */
	private static final int MODES_SIZE = Integer.getInteger("benchmark.modesSize", 3);

	/** The sizes the {@code splits} part starts, each with its count of starts. */
	private static final Map<Integer, Integer> SPLIT_SIZES = splitSizes(
			System.getProperty("benchmark.splitSizes", "3,5"));

	/** A join phase the {@code splits} part counts the starts within. */
	private static final Duration JOIN_PHASE_GOAL = Duration.ofMillis(1500);

	/**
	 * Variables added to the starter's pods, for a trial of other settings (e.g.
	 * {@code CLUSTER_HAZELCAST_PROPERTIES_HAZELCAST_WAIT_SECONDS_BEFORE_JOIN=0}).
	 */
	private static final Map<String, String> OURS_ENVIRONMENT = variables(
			System.getProperty("benchmark.oursEnvironment", ""));

	/** A stop-the-world pause every member must survive. */
	private static final Duration PAUSE = Duration.ofSeconds(5);

	/**
	 * How long after a pause a drop is looked for: past the starter's heartbeat timeout
	 * counted from the pause's start.
	 */
	private static final Duration PAUSE_WATCH = Duration.ofSeconds(15);

	/**
	 * The Hazelcast property that picks the failure detector, set through the starter's
	 * {@code cluster.hazelcast.properties}.
	 */
	private static final String PHI_ACCRUAL_VARIABLE = "CLUSTER_HAZELCAST_PROPERTIES_HAZELCAST_HEARTBEAT_FAILUREDETECTOR_TYPE";

	private static final Duration FORMATION_BOUND = Duration
		.ofSeconds(Long.getLong("benchmark.formationBoundSeconds", 150));

	private static final Duration EVENT_BOUND = Duration.ofSeconds(Long.getLong("benchmark.eventBoundSeconds", 90));

	private static final Duration HEAL_BOUND = Duration.ofSeconds(Long.getLong("benchmark.healBoundSeconds", 60));

	private static final Duration READY_BOUND = Duration.ofSeconds(120);

	/** The entries the start-up part writes before it measures the memory again. */
	private static final int ENTRIES = 10_000;

	private static final Duration SETTLE = Duration.ofSeconds(2);

	private static final String SPLITS = "parallel starts that split into several clusters";

	private static final String SCALE_UP = "scale-up: a new pod until every pod sees it";

	private static final String CRASH = "crash: SIGKILL of the oldest member until the rest drop it";

	private static final String LINK_CUT = "network removal: link cut until the rest drop the pod";

	private static final String HEAL = "split heal: link restored until one cluster";

	private static final String HUNG = "hung member: SIGSTOP (kept) of the oldest member until the rest drop it";

	private static final String PAUSED = "5 s pause: SIGSTOP, 5 s, SIGCONT of the oldest member; rounds in which a member was dropped";

	private static final String PHI_ACCRUAL = ", starter with phi-accrual";

	private static final String REPEATED_SPLITS = "repeated parallel cold starts that split into several clusters";

	private static final String ADDED = "added pod (" + MODES_SIZE + " -> " + (MODES_SIZE + 1) + ")";

	private static final String ADDED_FROM_LAUNCH = ADDED + ": from its container's launch until every member lists it";

	private static final String ADDED_FROM_HAZELCAST = ADDED
			+ ": from its Hazelcast start (is STARTING) until every member lists it";

	private static final String ADDED_FROM_READINESS = ADDED
			+ ": from its readiness (/actuator/health/readiness 200) until every member lists it";

	private static final String ADDED_FROM_POD_READY = ADDED
			+ ": from its Pod's Ready condition (whole seconds) until every member lists it";

	private static final BenchmarkResults results = new BenchmarkResults();

	private static final Instant began = Instant.now();

	private static final String loadAtStart = CoreDnsSrvBenchmark.loadAverage();

	static {
		results.table("cluster", "Cluster membership, seconds: median (min–max)", "starter (DNS SRV)",
				"Hazelcast built-in (service-dns)");
		List<String> order = new ArrayList<>();
		for (int size : SIZES) {
			order.add(formation(size) + ", from launch");
			order.add(formation(size) + ", from the last JVM's start");
			order.add(joinPhase(size));
		}
		order.addAll(List.of(SPLITS, REPEATED_SPLITS));
		for (int size : SPLIT_SIZES.keySet()) {
			order.add(repeatedJoinPhase(size));
			order.add(repeatedWithinGoal(size));
		}
		order.addAll(List.of(SCALE_UP, CRASH, LINK_CUT, HEAL, HUNG, HUNG + PHI_ACCRUAL, PAUSED, PAUSED + PHI_ACCRUAL));
		results.order(order);
		results.table("startup", "Start-up of one pod", "starter", "plain Boot + Hazelcast (static member list)");
		results.table("modes",
				"Discovery modes side by side, seconds: median (min–max); negative: every member listed the pod"
						+ " before it was ready",
				Arrays.stream(Mode.values()).map((mode) -> new Column(mode.contender(), mode.heading())).toList());
		results.order(List.of(formation(MODES_SIZE) + ", from launch",
				formation(MODES_SIZE) + ", from the last JVM's start", joinPhase(MODES_SIZE), SPLITS, ADDED_FROM_LAUNCH,
				ADDED_FROM_HAZELCAST, ADDED_FROM_READINESS, ADDED_FROM_POD_READY));
	}

	/**
	 * Runs the parts {@code benchmark.parts} names, in this order: none is skipped, and
	 * one not named is not run.
	 */
	@Test
	void selectedParts() throws RunnerException {
		if (PARTS.contains("cluster") || PARTS.contains("join")) {
			clusterMembership();
		}
		if (PARTS.contains("modes")) {
			discoveryModes();
		}
		if (PARTS.contains("failure")) {
			failureDetection();
		}
		if (PARTS.contains("splits")) {
			repeatedSplits();
		}
		if (PARTS.contains("startup")) {
			startupCost();
		}
		if (PARTS.contains("dns")) {
			dnsLookup();
		}
	}

	private static Set<String> parts(String configured) {
		Set<String> known = Set.of("cluster", "join", "modes", "failure", "splits", "startup", "dns");
		Set<String> parts = Set.of(configured.split(","));
		if (!known.containsAll(parts)) {
			throw new IllegalArgumentException(
					"benchmark.parts takes some of " + known + ", comma-separated, not '" + configured + "'");
		}
		return parts;
	}

	private void clusterMembership() {
		for (int round = 1; round <= ROUNDS; round++) {
			List<Contender> order = (round % 2 == 1) ? List.of(Contender.OURS, Contender.THEIRS)
					: List.of(Contender.THEIRS, Contender.OURS);
			for (int size : SIZES) {
				for (Contender contender : order) {
					BenchmarkStatefulSet statefulSet = BenchmarkStatefulSet.apply(bed, kustomization(contender),
							environment(contender));
					try {
						BenchmarkMembership membership = new BenchmarkMembership(statefulSet::log);
						boolean formed = coldStart("cluster", statefulSet, membership, contender, round, size);
						if (formed && size == EVENTS_SIZE && PARTS.contains("cluster")) {
							events(statefulSet, membership, contender, round, size);
						}
					}
					finally {
						statefulSet.deleteAllNow();
					}
					// Let the killed JVMs' memory go back before the next start is timed.
					BenchmarkMembership.sleep(Duration.ofSeconds(2));
				}
			}
			writeResults();
		}
	}

	/**
	 * The four contenders in turn, each round starting with the next one: a cold
	 * formation, then one pod added.
	 */
	private void discoveryModes() {
		List<Mode> modes = List.of(Mode.values());
		for (int round = 1; round <= ROUNDS; round++) {
			for (int i = 0; i < modes.size(); i++) {
				Mode mode = modes.get((round - 1 + i) % modes.size());
				BenchmarkStatefulSet statefulSet = BenchmarkStatefulSet.apply(bed, mode.kustomization(),
						environment(mode.contender()));
				try {
					BenchmarkMembership membership = new BenchmarkMembership(statefulSet::log);
					if (coldStart("modes", statefulSet, membership, mode.contender(), round, MODES_SIZE)) {
						addedPod(statefulSet, membership, mode.contender(), round);
					}
				}
				finally {
					statefulSet.deleteAllNow();
				}
				BenchmarkMembership.sleep(Duration.ofSeconds(2));
			}
			writeResults();
		}
	}

	private void failureDetection() {
		for (int round = 1; round <= FAILURE_ROUNDS; round++) {
			List<Detecting> order = new ArrayList<>(List.of(Detecting.values()));
			if (round % 2 == 0) {
				Collections.reverse(order);
			}
			for (Detecting detecting : order) {
				BenchmarkStatefulSet statefulSet = BenchmarkStatefulSet.apply(bed, kustomization(detecting.contender()),
						detecting.environment());
				try {
					pauseAndHang(statefulSet, detecting, round);
				}
				finally {
					statefulSet.deleteAllNow();
				}
				BenchmarkMembership.sleep(Duration.ofSeconds(2));
			}
			writeResults();
		}
	}

	private void repeatedSplits() {
		int rounds = SPLIT_SIZES.values().stream().max(Integer::compare).orElse(0);
		for (int round = 1; round <= rounds; round++) {
			for (Map.Entry<Integer, Integer> sizeAndRounds : SPLIT_SIZES.entrySet()) {
				if (round > sizeAndRounds.getValue()) {
					continue;
				}
				int size = sizeAndRounds.getKey();
				BenchmarkStatefulSet statefulSet = BenchmarkStatefulSet.apply(bed, OURS_KUSTOMIZATION,
						environment(Contender.OURS));
				try {
					List<KubePod> pods = statefulSet.scaleTo(size);
					BenchmarkMembership membership = new BenchmarkMembership(statefulSet::log);
					membership.watch(pods);
					Instant formed = membership.awaitMembers(pods, pods, FORMATION_BOUND);
					int clusters = membership.clustersStarted(pods);
					boolean split = clusters > 1 || formed == null;
					results.add("cluster", REPEATED_SPLITS, Contender.OURS, round, split ? 1 : 0, "count", false);
					Instant lastStarting = lastHazelcastStarting(membership, pods);
					if (formed != null && lastStarting != null) {
						Duration joinPhase = between(lastStarting, formed);
						record("cluster", repeatedJoinPhase(size), Contender.OURS, round, joinPhase, false);
						results.add("cluster", repeatedWithinGoal(size), Contender.OURS, round,
								(joinPhase.compareTo(JOIN_PHASE_GOAL) <= 0) ? 1 : 0, "count", false);
					}
					progress(Contender.OURS.key(), round,
							size + " pods at once: "
									+ ((formed != null) ? "one cluster, join phase "
											+ ((lastStarting != null) ? seconds(between(lastStarting, formed)) : "?")
											: "no single cluster within " + FORMATION_BOUND.toSeconds() + " s: "
													+ membership.describe(pods))
									+ "; clusters started: " + clusters);
				}
				finally {
					statefulSet.deleteAllNow();
				}
				BenchmarkMembership.sleep(Duration.ofSeconds(2));
			}
			writeResults();
		}
	}

	private void startupCost() {
		for (int round = 1; round <= ROUNDS; round++) {
			List<Contender> order = (round % 2 == 1) ? List.of(Contender.OURS, Contender.THEIRS)
					: List.of(Contender.THEIRS, Contender.OURS);
			for (Contender contender : order) {
				BenchmarkStatefulSet statefulSet = BenchmarkStatefulSet.apply(bed,
						(contender == Contender.OURS) ? OURS_KUSTOMIZATION : PLAIN_KUSTOMIZATION,
						environment(contender));
				try {
					startOne(statefulSet, contender, round);
				}
				finally {
					statefulSet.deleteAllNow();
				}
				BenchmarkMembership.sleep(Duration.ofSeconds(2));
			}
		}
		writeResults();
	}

	private void dnsLookup() throws RunnerException {
		Path json = output().resolve("jmh.json");
		Options options = SrvLookupBenchmark.options(json, "bind");
		for (RunResult run : new Runner(options).run()) {
			Result<?> primary = run.getPrimaryResult();
			Statistics statistics = primary.getStatistics();
			int records = Integer.parseInt(run.getParams().getParam("records"));
			results.addJmh(new JmhScore(records, statistics.getPercentile(50), statistics.getPercentile(90),
					statistics.getMin(), statistics.getMax(), primary.getScore(), primary.getScoreError()));
		}
		writeResults();
	}

	@BeforeAll
	static void namespace() {
		bed.kubectl("create", "namespace", BenchmarkStatefulSet.NAMESPACE);
	}

	@AfterAll
	static void report() {
		writeResults();
		System.out.println("\n[benchmark] " + results.context().get("date") + ", " + results.context().get("machine")
				+ ", " + results.context().get("load") + "\n[benchmark] " + command() + "\n\n" + results.markdown()
				+ settings() + "\n[benchmark] results, chart: " + output());
	}

	/**
	 * Start the pods at once and wait until every pod sees all of them.
	 * @return whether they formed one cluster within the bound
	 */
	private static boolean coldStart(String section, BenchmarkStatefulSet statefulSet, BenchmarkMembership membership,
			Contender contender, int round, int size) {
		List<KubePod> pods = statefulSet.scaleTo(size);
		membership.watch(pods);
		Instant launched = pods.stream().map(BenchmarkStatefulSet::launched).min(Instant::compareTo).orElseThrow();
		Instant formed = membership.awaitMembers(pods, pods, FORMATION_BOUND);
		Instant lastJvm = pods.stream()
			.map((pod) -> membership.log(pod).applicationStarting())
			.filter(Objects::nonNull)
			.max(Instant::compareTo)
			.orElse(launched);
		Instant end = (formed != null) ? formed : launched.plus(FORMATION_BOUND);
		String what = formation(size);
		record(section, what + ", from launch", contender, round, between(launched, end), formed == null);
		record(section, what + ", from the last JVM's start", contender, round, between(lastJvm, end), formed == null);
		Instant lastStarting = lastHazelcastStarting(membership, pods);
		if (lastStarting != null) {
			record(section, joinPhase(size), contender, round, between(lastStarting, end), formed == null);
		}
		int clusters = membership.clustersStarted(pods);
		results.add(section, SPLITS, contender, round, (clusters > 1 || formed == null) ? 1 : 0, "count", false);
		progress(contender, round, what + ": " + ((formed != null)
				? seconds(between(launched, formed)) + " from launch, " + seconds(between(lastJvm, formed))
						+ " from the last JVM's start, join phase "
						+ ((lastStarting != null) ? seconds(between(lastStarting, formed)) : "?")
				: "no single cluster within " + FORMATION_BOUND.toSeconds() + " s: " + membership.describe(pods))
				+ "; clusters started: " + clusters);
		return formed != null;
	}

	/**
	 * Scale-up, SIGKILL of the oldest member, link cut of the newest and its heal, on a
	 * formed cluster.
	 */
	private static void events(BenchmarkStatefulSet statefulSet, BenchmarkMembership membership, Contender contender,
			int round, int size) {
		// Events hit a settled cluster: every application started, the start-up's CPU
		// spent.
		membership.awaitApplicationsStarted(statefulSet.pods(), EVENT_BOUND);
		BenchmarkMembership.sleep(SETTLE);
		List<KubePod> all = statefulSet.scaleTo(size + 1);
		KubePod newcomer = all.stream()
			.filter((pod) -> pod.name().equals(BenchmarkStatefulSet.NAME + "-" + size))
			.findFirst()
			.orElseThrow();
		membership.watch(List.of(newcomer));
		Instant joined = membership.awaitMembers(all, all, EVENT_BOUND);
		Instant launched = BenchmarkStatefulSet.launched(newcomer);
		measured(contender, round, SCALE_UP, launched, joined, EVENT_BOUND, membership, all);
		if (joined == null) {
			return;
		}
		// A pod deleted from here on stays deleted, as on a node that is gone.
		statefulSet.orphanPods();

		// The oldest member, Hazelcast's master, is the hardest one to lose.
		KubePod victim = membership.oldest(newcomer, all);
		List<KubePod> survivors = without(all, victim);
		Instant killed = Instant.now();
		statefulSet.kill(victim);
		Instant dropped = membership.awaitMembers(survivors, survivors, EVENT_BOUND);
		measured(contender, round, CRASH, killed, dropped, EVENT_BOUND, membership, survivors);
		if (dropped == null) {
			return;
		}

		// The pod's link goes down, it keeps running and stays in DNS: the rest must
		// notice by themselves.
		List<KubePod> rest = without(survivors, newcomer);
		Instant cut = Instant.now();
		newcomer.cutNetwork();
		Instant restDropped = membership.awaitMembers(rest, rest, EVENT_BOUND);
		measured(contender, round, LINK_CUT, cut, restDropped, EVENT_BOUND, membership, rest);
		Instant isolated = membership.awaitMembers(List.of(newcomer), List.of(newcomer), EVENT_BOUND);
		if (restDropped == null || isolated == null) {
			newcomer.restoreNetwork();
			progress(contender, round, "no split to heal: " + membership.describe(survivors));
			return;
		}

		Instant restored = Instant.now();
		newcomer.restoreNetwork();
		Instant healed = membership.awaitMembers(survivors, survivors, HEAL_BOUND);
		measured(contender, round, HEAL, restored, healed, HEAL_BOUND, membership, survivors);
	}

	/**
	 * On a formed cluster, once every application has started: one pod more, from its
	 * container's launch, its Hazelcast start, its readiness endpoint's first 200 (polled
	 * every 50 ms) and its Pod's {@code Ready} condition (the node agent's probe, every 5
	 * s; its time in whole seconds) until every member, itself included, lists it.
	 */
	private static void addedPod(BenchmarkStatefulSet statefulSet, BenchmarkMembership membership, Contender contender,
			int round) {
		membership.awaitApplicationsStarted(statefulSet.pods(), EVENT_BOUND);
		BenchmarkMembership.sleep(SETTLE);
		List<KubePod> all = statefulSet.scaleTo(MODES_SIZE + 1);
		KubePod newcomer = all.stream()
			.filter((pod) -> pod.name().equals(BenchmarkStatefulSet.NAME + "-" + MODES_SIZE))
			.findFirst()
			.orElseThrow();
		membership.watch(List.of(newcomer));
		CompletableFuture<@Nullable Instant> ready = CompletableFuture.supplyAsync(() -> awaitReady(newcomer));
		Instant joined = membership.awaitMembers(all, all, EVENT_BOUND);
		Instant launched = BenchmarkStatefulSet.launched(newcomer);
		Instant end = (joined != null) ? joined : launched.plus(EVENT_BOUND);
		record("modes", ADDED_FROM_LAUNCH, contender, round, between(launched, end), joined == null);
		Instant starting = membership.log(newcomer).hazelcastStarting();
		Instant applicationReady = ready.join();
		Instant podReady = statefulSet.readySince(newcomer, READY_BOUND);
		if (joined == null) {
			progress(contender, round, ADDED + ": not listed by every member within " + EVENT_BOUND.toSeconds() + " s: "
					+ membership.describe(all));
			return;
		}
		if (starting != null) {
			record("modes", ADDED_FROM_HAZELCAST, contender, round, between(starting, joined), false);
		}
		if (applicationReady != null) {
			record("modes", ADDED_FROM_READINESS, contender, round, between(applicationReady, joined), false);
		}
		if (podReady != null) {
			record("modes", ADDED_FROM_POD_READY, contender, round, between(podReady, joined), false);
		}
		progress(contender, round,
				ADDED + ": every member lists it " + seconds(between(launched, joined)) + " after its launch, "
						+ ((starting != null) ? seconds(between(starting, joined)) : "?")
						+ " after its Hazelcast start, "
						+ ((applicationReady != null) ? seconds(between(applicationReady, joined)) : "?")
						+ " after its readiness, " + ((podReady != null) ? seconds(between(podReady, joined)) : "?")
						+ " after its Pod's Ready condition (whole seconds)");
	}

	/**
	 * On a formed cluster, once every application has started: the oldest member paused
	 * (SIGSTOP, 5 s, SIGCONT), then, once all agree again, hung (SIGSTOP, kept).
	 */
	private static void pauseAndHang(BenchmarkStatefulSet statefulSet, Detecting detecting, int round) {
		List<KubePod> pods = statefulSet.scaleTo(FAILURE_SIZE);
		BenchmarkMembership membership = new BenchmarkMembership(statefulSet::log);
		membership.watch(pods);
		if (membership.awaitMembers(pods, pods, FORMATION_BOUND) == null) {
			progress(detecting.label(), round, "no single cluster within " + FORMATION_BOUND.toSeconds()
					+ " s, no failure measured: " + membership.describe(pods));
			return;
		}
		membership.awaitApplicationsStarted(pods, EVENT_BOUND);
		BenchmarkMembership.sleep(SETTLE);
		// The oldest member, Hazelcast's master, as in the crash: the others must agree
		// on a new one.
		KubePod victim = membership.oldest(pods.get(0), pods);
		List<KubePod> rest = without(pods, victim);

		Instant paused = Instant.now();
		victim.signal("STOP");
		BenchmarkMembership.sleep(PAUSE);
		victim.signal("CONT");
		BenchmarkMembership.sleep(PAUSE_WATCH.minus(PAUSE));
		boolean dropped = membership.anyShrankSince(pods, pods.size(), paused);
		results.add("cluster", PAUSED + detecting.suffix(), detecting.contender(), round, dropped ? 1 : 0, "count",
				false);
		progress(detecting.label(), round, "5 s pause: " + (dropped ? "a member was dropped" : "nobody dropped"));
		if (dropped) {
			Instant whole = membership.awaitMembers(pods, pods, HEAL_BOUND);
			progress(detecting.label(), round,
					"after the pause: " + ((whole != null)
							? "one cluster again " + seconds(between(paused, whole)) + " after the pause's start"
							: "not one cluster within " + HEAL_BOUND.toSeconds() + " s, no hung member measured: "
									+ membership.describe(pods)));
			if (whole == null) {
				return;
			}
			BenchmarkMembership.sleep(SETTLE);
		}

		Instant hung = Instant.now();
		victim.signal("STOP");
		Instant restDropped = membership.awaitMembers(rest, rest, EVENT_BOUND);
		record("cluster", HUNG + detecting.suffix(), detecting.contender(), round,
				(restDropped != null) ? between(hung, restDropped) : EVENT_BOUND, restDropped == null);
		progress(detecting.label(), round,
				"hung member: " + ((restDropped != null) ? "dropped after " + seconds(between(hung, restDropped))
						: "not within " + EVENT_BOUND.toSeconds() + " s: " + membership.describe(rest)));
	}

	private static @Nullable Instant lastHazelcastStarting(BenchmarkMembership membership, List<KubePod> pods) {
		List<Instant> starts = pods.stream().map((pod) -> membership.log(pod).hazelcastStarting()).toList();
		if (starts.contains(null)) {
			return null;
		}
		return starts.stream().max(Instant::compareTo).orElse(null);
	}

	private static String formation(int size) {
		return "cold formation of " + size + " pods";
	}

	private static String joinPhase(int size) {
		return "join phase of " + size + " pods: last member's Hazelcast start until every pod lists all";
	}

	private static String repeatedJoinPhase(int size) {
		return "join phase of the repeated parallel cold starts of " + size + " pods";
	}

	private static String repeatedWithinGoal(int size) {
		return "repeated parallel cold starts of " + size + " pods with a join phase within "
				+ JOIN_PHASE_GOAL.toMillis() / 1000.0 + " s";
	}

	/**
	 * Reads {@code benchmark.splitSizes}: sizes, each started
	 * {@code benchmark.splitRounds} times unless it names its own count ({@code 5:40}).
	 */
	private static Map<Integer, Integer> splitSizes(String value) {
		Map<Integer, Integer> sizes = new LinkedHashMap<>();
		for (String item : value.split(",")) {
			String[] sizeAndRounds = item.strip().split(":");
			sizes.put(Integer.valueOf(sizeAndRounds[0].strip()),
					(sizeAndRounds.length > 1) ? Integer.valueOf(sizeAndRounds[1].strip()) : SPLIT_ROUNDS);
		}
		return sizes;
	}

	private static void measured(Contender contender, int round, String what, Instant from, @Nullable Instant to,
			Duration bound, BenchmarkMembership membership, Collection<KubePod> pods) {
		record("cluster", what, contender, round, (to != null) ? between(from, to) : bound, to == null);
		progress(contender, round, what + ": " + ((to != null) ? seconds(between(from, to))
				: "not within " + bound.toSeconds() + " s: " + membership.describe(pods)));
	}

	/**
	 * One pod alone: time to ready, Hazelcast's own start, heap after a full GC, resident
	 * memory.
	 */
	private static void startOne(BenchmarkStatefulSet statefulSet, Contender contender, int round) {
		KubePod pod = statefulSet.scaleTo(1).get(0);
		BenchmarkMembership membership = new BenchmarkMembership(statefulSet::log);
		membership.watch(List.of(pod));
		Instant launched = BenchmarkStatefulSet.launched(pod);
		Instant ready = awaitReady(pod);
		if (ready == null) {
			progress(contender, round, "start-up: not ready within " + READY_BOUND.toSeconds() + " s; log ends with "
					+ String.join("\n  ", tail(statefulSet.log(pod), 30)));
			record("startup", "time to ready (readiness probe 200), from launch", contender, round, READY_BOUND, true);
			return;
		}
		record("startup", "time to ready (readiness probe 200), from launch", contender, round,
				between(launched, ready), false);
		BenchmarkPodLog log = membership.log(pod);
		if (!Double.isNaN(log.processRunningForSeconds())) {
			results.add("startup", "JVM uptime at 'Started SampleApplication'", contender, round,
					log.processRunningForSeconds() * 1000, "ms", false);
		}
		if (log.hazelcastStarting() != null && log.hazelcastStarted() != null) {
			record("startup", "Hazelcast member start (STARTING to STARTED)", contender, round,
					between(log.hazelcastStarting(), log.hazelcastStarted()), false);
		}
		long java = pod.javaPid();
		String gc = fullGc(java);
		double heap = json(pod, "/actuator/metrics/jvm.memory.used?tag=area:heap").path("measurements")
			.get(0)
			.path("value")
			.asDouble();
		if (gc == null) {
			results.add("startup", "heap used after a full GC", contender, round, heap / (1024 * 1024), "MiB", false);
		}
		double rss = residentMiB(java);
		results.add("startup", "resident set size (RSS)", contender, round, rss, "MiB", false);
		Map<String, Integer> threads = threads(java);
		int sockets = sockets(java);
		results.add("startup", "threads: every one of the JVM", contender, round,
				threads.values().stream().mapToInt(Integer::intValue).sum(), "threads", false);
		results.add("startup", "threads: Hazelcast's (hz.*)", contender, round,
				threads.entrySet()
					.stream()
					.filter((entry) -> entry.getKey().startsWith("hz."))
					.mapToInt(Map.Entry::getValue)
					.sum(),
				"threads", false);
		results.add("startup", "threads: the starter's (cluster-*)", contender, round,
				threads.entrySet()
					.stream()
					.filter((entry) -> entry.getKey().startsWith("cluster-"))
					.mapToInt(Map.Entry::getValue)
					.sum(),
				"threads", false);
		results.add("startup", "open sockets", contender, round, sockets, "sockets", false);
		long written = System.nanoTime();
		writeEntries(pod, ENTRIES);
		String gcLoaded = fullGc(java);
		double heapLoaded = json(pod, "/actuator/metrics/jvm.memory.used?tag=area:heap").path("measurements")
			.get(0)
			.path("value")
			.asDouble();
		if (gcLoaded == null) {
			results.add("startup", "heap used after a full GC, with 10,000 entries", contender, round,
					heapLoaded / (1024 * 1024), "MiB", false);
		}
		double rssLoaded = residentMiB(java);
		results.add("startup", "resident set size (RSS), with 10,000 entries", contender, round, rssLoaded, "MiB",
				false);
		progress(contender, round, String.format(Locale.ROOT,
				"start-up: ready %s from launch, heap after GC %.0f MiB%s, RSS %.0f MiB, threads %s, sockets %d;"
						+ " with %d entries (written in %s): heap %.0f MiB, RSS %.0f MiB",
				seconds(between(launched, ready)), heap / (1024 * 1024), (gc == null) ? "" : " (no GC: " + gc + ")",
				rss, threads, sockets, ENTRIES, seconds(Duration.ofNanos(System.nanoTime() - written)),
				heapLoaded / (1024 * 1024), rssLoaded));
	}

	/**
	 * The JVM's threads by name with their numbers cut off ({@code /proc/<pid>/task/*}
	 * {@code /comm}: the first 15 characters, as the JVM gives the kernel).
	 */
	private static Map<String, Integer> threads(long pid) {
		Map<String, Integer> threads = new TreeMap<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
			for (Path task : tasks.toList()) {
				try {
					String name = Files.readString(task.resolve("comm")).strip().replaceAll("[-.]?\\d+$", "");
					threads.merge(name, 1, Integer::sum);
				}
				catch (IOException ex) {
					// Ended meanwhile.
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return threads;
	}

	/** The JVM's open sockets: its file descriptors that are sockets. */
	private static int sockets(long pid) {
		int sockets = 0;
		try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
			for (Path fd : fds.toList()) {
				try {
					if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
						sockets++;
					}
				}
				catch (IOException ex) {
					// Closed meanwhile.
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return sockets;
	}

	/** {@code PUT /entries/{key}} on the sample, 16 at a time. */
	private static void writeEntries(KubePod pod, int count) {
		Semaphore inFlight = new Semaphore(16);
		List<CompletableFuture<?>> puts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			inFlight.acquireUninterruptibly();
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + pod.ip() + ":8080/entries/entry-" + i))
				.timeout(Duration.ofSeconds(10))
				.PUT(HttpRequest.BodyPublishers.ofString("value-" + i))
				.build();
			puts.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, ex) -> {
				inFlight.release();
				if (ex == null && response.statusCode() / 100 != 2) {
					throw new IllegalStateException("PUT " + request.uri() + " answered " + response.statusCode());
				}
			}));
		}
		CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
	}

	private static @Nullable Instant awaitReady(KubePod pod) {
		ProcessHandle container = ProcessHandle.of(pod.containerPid()).orElse(null);
		long deadline = System.nanoTime() + READY_BOUND.toNanos();
		while (System.nanoTime() < deadline && container != null && container.isAlive()) {
			try {
				if (get(pod, "/actuator/health/readiness").statusCode() == 200) {
					return Instant.now();
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			BenchmarkMembership.sleep(Duration.ofMillis(50));
		}
		return null;
	}

	private static HttpResponse<String> get(KubePod pod, String path) throws IOException {
		// Every contender runs the sample's manifests: actuator on the management port
		// 8081, the rest on 8080.
		int port = path.startsWith("/actuator") ? 8081 : 8080;
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + pod.ip() + ":" + port + path))
			.timeout(Duration.ofSeconds(3))
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static JsonNode json(KubePod pod, String path) {
		try {
			HttpResponse<String> response = get(pod, path);
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(
						"GET " + response.uri() + " answered " + response.statusCode() + ": " + response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Run a full GC in the JVM ({@code jcmd <pid> GC.run}).
	 * @return {@code null} when it ran, else what jcmd said
	 */
	private static @Nullable String fullGc(long pid) {
		try {
			Process jcmd = new ProcessBuilder(jcmd(pid), String.valueOf(pid), "GC.run").redirectErrorStream(true)
				.start();
			String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return (jcmd.waitFor() == 0) ? null : output.strip();
		}
		catch (IOException ex) {
			return ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static List<String> tail(Path log, int lines) {
		try {
			List<String> all = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
			return all.subList(Math.max(0, all.size() - lines), all.size());
		}
		catch (IOException ex) {
			return List.of("(" + log + " unreadable: " + ex.getMessage() + ")");
		}
	}

	private static String kustomization(Contender contender) {
		return (contender == Contender.OURS) ? OURS_KUSTOMIZATION : THEIRS_KUSTOMIZATION;
	}

	/**
	 * What the benchmark adds to a contender's pods: nothing, but a trial's variables to
	 * the starter's. The starter's pods set what a user sets on Kubernetes (see
	 * KubectlStatefulSetIT): every other cluster.* property at its default.
	 */
	private static Map<String, String> environment(Contender contender) {
		return (contender == Contender.OURS || contender == Contender.OURS_KUBERNETES_API) ? OURS_ENVIRONMENT
				: Map.of();
	}

	/** A file of the repository. */
	private static Path resource(String path) {
		return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent().resolve(path);
	}

	private static void record(String section, String metric, Contender contender, int round, Duration value,
			boolean censored) {
		results.add(section, metric, contender, round, value.toNanos() / 1e6, "ms", censored);
	}

	private static void writeResults() {
		results.context("date", began.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).toString());
		results.context("machine", machine());
		results.context("command", command());
		results.context("rounds", ROUNDS);
		results.context("bounds", Map.of("formationSeconds", FORMATION_BOUND.toSeconds(), "eventSeconds",
				EVENT_BOUND.toSeconds(), "healSeconds", HEAL_BOUND.toSeconds()));
		results.context("parts", String.join(",", new TreeSet<>(PARTS)));
		results.context("failure",
				Map.of("rounds", FAILURE_ROUNDS, "pods", FAILURE_SIZE, "pauseSeconds", PAUSE.toSeconds(),
						"pauseWatchSeconds", PAUSE_WATCH.toSeconds(), "phiAccrual",
						PHI_ACCRUAL_VARIABLE + "=phi-accrual"));
		results.context("splits", Map.of("startsBySize", SPLIT_SIZES));
		results.context("modes", Map.of("pods", MODES_SIZE, "kustomizations",
				Arrays.stream(Mode.values()).map(Mode::kustomization).toList()));
		results.context("load",
				"load average " + loadAtStart + " at the start, " + CoreDnsSrvBenchmark.loadAverage() + " now");
		results.context("pod", read(resource(OURS_KUSTOMIZATION + "/kustomization.yaml")));
		results.context("ours", oursSettings());
		results.context("theirs", read(resource(THEIRS_CONFIG)));
		results.context("plain", read(resource(PLAIN_CONFIG)));
		results.context("theirsKubernetesApi", read(resource(THEIRS_KUBERNETES_API_CONFIG)));
		results.write(output());
		new BenchmarkChart("The starter vs Hazelcast's own Kubernetes discovery (service-dns)",
				began.truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC) + ", " + ROUNDS
						+ ((ROUNDS == 1) ? " round, " : " rounds, ") + results.context().get("machine")
						+ "; median bars, min–max whiskers, hatched: not within the bound")
			.panel("Cluster membership (time until every pod agrees)", "starter (DNS SRV)",
					"Hazelcast built-in (service-dns)",
					results.rows("cluster").stream().filter((row) -> row.unit().equals("ms")).toList())
			.panel("Start-up of one pod", "starter", "plain Boot + Hazelcast, static members", results.rows("startup"))
			.jmhPanel("DNS SRV lookup + parse (JMH sample time: median, min–max)", results.jmhScores())
			.write(output().resolve("chart.png"));
	}

	private static Map<String, String> variables(String list) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (String variable : list.split(",")) {
			if (!variable.isBlank()) {
				int equals = variable.indexOf('=');
				if (equals <= 0) {
					throw new IllegalArgumentException(
							"benchmark.oursEnvironment takes NAME=value,NAME=value; '" + variable + "' has no name");
				}
				variables.put(variable.substring(0, equals).strip(), variable.substring(equals + 1).strip());
			}
		}
		return variables;
	}

	/** The command with the knobs this run was given. */
	private static String command() {
		StringBuilder command = new StringBuilder(COMMAND);
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith("benchmark."))
			.sorted()
			.forEach((name) -> command.append(" -D").append(name).append('=').append(System.getProperty(name)));
		return command.toString();
	}

	private static String settings() {
		return "Starter: " + oursSettings() + "\n\nHazelcast built-in (" + resource(THEIRS_CONFIG).getFileName()
				+ "):\n" + read(resource(THEIRS_CONFIG)) + "\nEach pod, " + OURS_KUSTOMIZATION + ":\n"
				+ results.context().get("pod") + "\n"
				+ (PARTS.contains("modes") ? "\nStarter in kubernetes-api mode: " + OURS_KUBERNETES_API_KUSTOMIZATION
						+ " (the same, with the sample's kubernetes-api component)\n\nHazelcast built-in in API mode ("
						+ THEIRS_KUBERNETES_API_CONFIG + ", RBAC in " + THEIRS_KUBERNETES_API_KUSTOMIZATION
						+ "/rbac.yaml):\n" + read(resource(THEIRS_KUBERNETES_API_CONFIG)) : "");
	}

	private static String oursSettings() {
		return "the sample's StatefulSet overlay (" + OURS_KUSTOMIZATION + ") with CLUSTER_KUBERNETES_SERVICENAME="
				+ BenchmarkStatefulSet.SERVICE
				+ (OURS_ENVIRONMENT.isEmpty() ? "" : ", trial variables " + OURS_ENVIRONMENT)
				+ " and every other cluster.* property at its default (DNS SRV discovery, 1 s join wait, 1 s master"
				+ " election round, heartbeat every 1 s, member dropped after 8 s of silence by Hazelcast's deadline"
				+ " detector, split-brain check every 5 s); the failure part also runs it with " + PHI_ACCRUAL_VARIABLE
				+ "=phi-accrual (Hazelcast's phi-accrual detector, default threshold 10)";
	}

	private static String machine() {
		String cpu = "";
		long memoryKb = 0;
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst()
				.orElse("");
			memoryKb = Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith("MemTotal:"))
				.map((line) -> Long.parseLong(line.replaceAll("\\D", "")))
				.findFirst()
				.orElse(0L);
		}
		catch (IOException ex) {
			// Described without them.
		}
		return String.format(Locale.ROOT, "%d cores%s, %.1f GiB RAM, Java %s",
				Runtime.getRuntime().availableProcessors(), cpu.isEmpty() ? "" : " (" + cpu + ")",
				memoryKb / (1024.0 * 1024.0), System.getProperty("java.version"));
	}

	private static double residentMiB(long pid) {
		try {
			return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))
				.stream()
				.filter((line) -> line.startsWith("VmRSS:"))
				.map((line) -> Long.parseLong(line.replaceAll("\\D", "")) / 1024.0)
				.findFirst()
				.orElse(Double.NaN);
		}
		catch (IOException ex) {
			return Double.NaN;
		}
	}

	/** The jcmd of the JVM that runs the process (the pods' Java 25), else this one's. */
	private static String jcmd(long pid) {
		try {
			Path beside = Path.of("/proc", String.valueOf(pid), "exe").toRealPath().resolveSibling("jcmd");
			if (Files.isExecutable(beside)) {
				return beside.toString();
			}
		}
		catch (IOException ex) {
			// Ended, or not readable: this JVM's jcmd says so.
		}
		return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path output() {
		return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target").resolve("benchmark");
	}

	private static List<KubePod> without(List<KubePod> pods, KubePod pod) {
		List<KubePod> rest = new ArrayList<>(pods);
		rest.remove(pod);
		return rest;
	}

	private static Duration between(Instant from, Instant to) {
		return Duration.between(from, to);
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.2f s", duration.toMillis() / 1000.0);
	}

	private static void progress(Contender contender, int round, String text) {
		progress(contender.key(), round, text);
	}

	private static void progress(String contender, int round, String text) {
		System.out.printf("[benchmark] round %d %s: %s%n", round, contender, text);
	}

	/**
	 * The contenders of the {@code modes} part: each discovery in its DNS mode and in its
	 * Kubernetes API mode, the same pods (a StatefulSet, as every other part measures).
	 */
	private enum Mode {

		STARTER_DNS(Contender.OURS, OURS_KUSTOMIZATION, "starter (DNS SRV)"),

		STARTER_KUBERNETES_API(Contender.OURS_KUBERNETES_API, OURS_KUBERNETES_API_KUSTOMIZATION,
				"starter (kubernetes-api)"),

		BUILT_IN_DNS(Contender.THEIRS, THEIRS_KUSTOMIZATION, "Hazelcast built-in (service-dns)"),

		BUILT_IN_KUBERNETES_API(Contender.THEIRS_KUBERNETES_API, THEIRS_KUBERNETES_API_KUSTOMIZATION,
				"Hazelcast built-in (API mode, service-name)");

		private final Contender contender;

		private final String kustomization;

		private final String heading;

		Mode(Contender contender, String kustomization, String heading) {
			this.contender = contender;
			this.kustomization = kustomization;
			this.heading = heading;
		}

		Contender contender() {
			return this.contender;
		}

		String kustomization() {
			return this.kustomization;
		}

		String heading() {
			return this.heading;
		}

	}

	/**
	 * Who detects failures in the failure part: the starter with its default (deadline)
	 * detector, the starter with Hazelcast's phi-accrual detector at its default
	 * threshold, and the built-in discovery with Hazelcast's defaults.
	 */
	private enum Detecting {

		STARTER(Contender.OURS, "", "ours"),

		STARTER_PHI_ACCRUAL(Contender.OURS, PHI_ACCRUAL, "ours+phi-accrual"),

		BUILT_IN(Contender.THEIRS, "", "theirs");

		private final Contender contender;

		private final String suffix;

		private final String label;

		Detecting(Contender contender, String suffix, String label) {
			this.contender = contender;
			this.suffix = suffix;
			this.label = label;
		}

		Contender contender() {
			return this.contender;
		}

		String suffix() {
			return this.suffix;
		}

		String label() {
			return this.label;
		}

		Map<String, String> environment() {
			if (this == STARTER_PHI_ACCRUAL) {
				Map<String, String> environment = new LinkedHashMap<>(DiscoveryBenchmark.environment(this.contender));
				environment.put(PHI_ACCRUAL_VARIABLE, "phi-accrual");
				return environment;
			}
			return DiscoveryBenchmark.environment(this.contender);
		}

	}

}
