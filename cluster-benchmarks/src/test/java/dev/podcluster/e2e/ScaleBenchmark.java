package dev.podcluster.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.podcluster.e2e.ZoneLoss.ZonedPod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's StatefulSet overlay at {@code benchmark.pods} pods (10) on a kube-bed,
 * what the end-to-end tests prove at 3 to 6: the formation from one {@code kubectl scale}
 * (JVM starts included), a {@code kubectl rollout restart} with 10,000 entries written
 * before it (0 lost, and the HTTP Service never without a ready endpoint), and a zone
 * lost at once with {@code partition-group: auto} (0 of 10,000 lost, and the replacements
 * rejoin). Asserts each of those, prints the figures as a Markdown table and writes
 * {@code target/benchmark/scale.md}. In the e2e tests' package for their helpers. As
 * root, one bed per machine: {@value #COMMAND}.
 */
class ScaleBenchmark {

	static final String COMMAND = "flock /tmp/e2e.lock ./mvnw -B -ntp -pl cluster-benchmarks -am verify -Pbenchmark"
			+ " -DskipTests -Dit.test=ScaleBenchmark";

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final int PODS = Integer.getInteger("benchmark.pods", 10);

	private static final int ENTRIES = 10_000;

	private static final Duration BOUND = Duration.ofMinutes(10);

	private static final KubeSample sample = new KubeSample(bed, "default", KubeSample.SELECTOR);

	private final List<String> rows = new ArrayList<>();

	@Test
	void formationRolloutAndZoneLossAtScale() throws Exception {
		String loadBefore = loadAverage();
		bed.kubectl("apply", "-k", "sample-app/k8s/overlays/statefulset");
		sample.awaitOneCluster(3, BOUND);
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=0");
		await("no sample pod left").atMost(BOUND)
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> sample.allPods().isEmpty());

		long start = System.nanoTime();
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=" + PODS);
		List<KubePod> pods = List.copyOf(sample.awaitOneCluster(PODS, BOUND).keySet());
		row("formation: `kubectl scale` 0 -> " + PODS + " until every pod lists " + PODS, Timing.since(start));

		start = System.nanoTime();
		Map<String, String> written = Entries.write(KubeSample.http(pods), "scale-", ENTRIES, BOUND);
		row(ENTRIES + " entries written over HTTP", Timing.since(start));
		rollout(written);

		ZoneLoss zoneLoss = new ZoneLoss(bed, ENTRIES);
		List<ZonedPod> zoned = zoneLoss.awaitCluster("scale-" + PODS, PODS, "zone");
		int lost = zoneLoss.loseA(zoned, "scale-" + PODS, "zone");
		rows.add("| zone-a lost (" + ZoneLoss.count(zoned, ZonedPod::zone)
				+ " pods per zone), `partition-group: auto` | " + lost + " of " + ENTRIES + " entries lost |");
		assertThat(lost).as("entries lost with zone-a, partition-group auto").isZero();
		// The StatefulSet replaces the lost pods under their names, and they rejoin.
		sample.awaitOneCluster(PODS, BOUND);
		report(loadBefore);
	}

	/**
	 * A rollout restart of the whole StatefulSet: every written entry still readable
	 * afterwards, and the HTTP Service never without a ready endpoint.
	 */
	private void rollout(Map<String, String> written) {
		long start = System.nanoTime();
		sample.rollOut("scale-" + PODS + "-rollout-restart", "statefulset/sample-app", "sample-app",
				() -> bed.kubectl("rollout", "restart", "statefulset/sample-app"), Duration.ofMinutes(20));
		row("`kubectl rollout restart` until one cluster of " + PODS
				+ " new pods (the HTTP Service never without a ready endpoint)", Timing.since(start));
		start = System.nanoTime();
		Entries.assertAllReadable(KubeSample.http(sample.pods()), written, BOUND);
		row("the " + ENTRIES + " entries read back after the rollout (0 lost)", Timing.since(start));
	}

	private void row(String measurement, Duration duration) {
		this.rows.add(
				"| " + measurement + " | " + String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0) + " |");
	}

	private void report(String loadBefore) throws IOException {
		String table = "**The sample's StatefulSet at " + PODS + " pods** (load average " + loadBefore + " before, "
				+ loadAverage() + " after)\n\n| measurement | figure |\n| --- | --- |\n" + String.join("\n", this.rows)
				+ "\n";
		System.out.println(table);
		Path output = Path.of("target", "benchmark");
		Files.createDirectories(output);
		Files.writeString(output.resolve("scale.md"), table);
	}

	private static String loadAverage() throws IOException {
		String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
		return fields[0] + " / " + fields[1] + " / " + fields[2];
	}

}
