package dev.podcluster.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.podcluster.testsupport.net.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * Start-up of the sample jar with and without the class-data-sharing archive its
 * Dockerfile trains, on this machine, on loopback: one JVM from launch to Spring's
 * {@code Started} line and to Hazelcast's {@code is STARTED}, and three JVMs launched
 * together with a static member list until each lists three members. The same jar,
 * extracted the way Spring Boot documents for CDS, alternating with and without the
 * archive; Java 17's dynamic archive, and Java 25's AOT cache when that JDK is present.
 * Asserts nothing: prints a Markdown table and writes
 * {@code target/benchmark/startup.md}.
 */
class StartupBenchmark {

	private static final Path JAR = Path.of(System.getProperty("e2e.jar", "target/sample-app.jar"));

	private static final Path WORK = Path.of("target", "benchmark", "startup");

	private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);

	private static final Path JDK25 = Path
		.of(System.getProperty("benchmark.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

	/** As the pods of the end-to-end suite and the other benchmarks run the jar. */
	private static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError");

	private static final Duration BOUND = Duration.ofSeconds(180);

	@Test
	void startUpWithAndWithoutTheArchive() throws Exception {
		List<Variant> variants = new ArrayList<>();
		Path java17 = Path.of(System.getProperty("java.home"), "bin", "java");
		Path extracted17 = extract(java17, "java17");
		variants.add(new Variant("Java " + version(java17) + ", no archive", java17, extracted17, List.of()));
		variants.add(new Variant("Java " + version(java17) + ", CDS archive", java17, extracted17, train(java17,
				extracted17, "-XX:ArchiveClassesAtExit=application.jsa", "-XX:SharedArchiveFile=application.jsa")));
		Path java25 = JDK25.resolve("bin").resolve("java");
		if (Files.isExecutable(java25)) {
			Path extracted25 = extract(java25, "java25");
			variants.add(new Variant("Java " + version(java25) + ", no archive", java25, extracted25, List.of()));
			variants.add(new Variant("Java " + version(java25) + ", AOT cache", java25, extracted25,
					train(java25, extracted25, "-XX:AOTCacheOutput=application.aot", "-XX:AOTCache=application.aot")));
		}

		Map<String, List<Double>> started = new LinkedHashMap<>();
		Map<String, List<Double>> member = new LinkedHashMap<>();
		Map<String, List<Double>> formation = new LinkedHashMap<>();
		for (int round = 0; round < ROUNDS; round++) {
			for (Variant variant : variants) {
				Launch one = launch(variant, 1).get(0);
				started.computeIfAbsent(variant.name(), (key) -> new ArrayList<>()).add(one.started());
				member.computeIfAbsent(variant.name(), (key) -> new ArrayList<>()).add(one.memberStarted());
			}
			for (Variant variant : variants) {
				double slowest = launch(variant, 3).stream().mapToDouble(Launch::formed).max().orElseThrow();
				formation.computeIfAbsent(variant.name(), (key) -> new ArrayList<>()).add(slowest);
			}
		}

		StringBuilder table = new StringBuilder();
		table.append(String.format(Locale.ROOT, "%s, %d cores, %s, %d rounds: median (min-max), seconds%n%n",
				LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), ROUNDS));
		table.append(
				"| variant | launch to `Started` | launch to Hazelcast `is STARTED` | 3 members launched together until each lists 3 |\n");
		table.append("| --- | --- | --- | --- |\n");
		for (Variant variant : variants) {
			table.append("| ")
				.append(variant.name())
				.append(" | ")
				.append(stats(started.get(variant.name())))
				.append(" | ")
				.append(stats(member.get(variant.name())))
				.append(" | ")
				.append(stats(formation.get(variant.name())))
				.append(" |\n");
		}
		System.out.println(table);
		Files.writeString(WORK.getParent().resolve("startup.md"), table);
	}

	/**
	 * Extracts the jar as Spring Boot documents for CDS, into a directory of its own per
	 * JDK (an archive belongs to one JVM build).
	 */
	private static Path extract(Path java, String name) throws Exception {
		Path directory = WORK.resolve(name);
		if (Files.exists(directory)) {
			try (Stream<Path> paths = Files.walk(directory)) {
				paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
		Files.createDirectories(directory);
		Files.copy(JAR, directory.resolve("application.jar"));
		run(directory, List.of(java.toString(), "-Djarmode=tools", "-jar", "application.jar", "extract",
				"--destination", "extracted"));
		return directory.resolve("extracted");
	}

	/**
	 * The training run: the application starts, exits once its context is refreshed and
	 * leaves the archive behind. Returns the flag that uses it.
	 */
	private static List<String> train(Path java, Path extracted, String trainingFlag, String useFlag) throws Exception {
		List<String> command = new ArrayList<>(List.of(java.toString()));
		command.addAll(JVM_FLAGS);
		command.addAll(List.of(trainingFlag, "-Dspring.context.exit=onRefresh", "-jar", "application.jar"));
		int port = FreePorts.loopback(1).get(0);
		command.addAll(isolation("training-" + UUID.randomUUID(), "training", port, "127.0.0.1:" + port));
		run(extracted, command);
		return List.of(useFlag);
	}

	private static List<Launch> launch(Variant variant, int size) throws Exception {
		String cluster = "startup-" + UUID.randomUUID();
		List<Integer> ports = FreePorts.loopback(size);
		String members = ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
		List<Process> processes = new ArrayList<>();
		List<CompletableFuture<Launch>> launches = new ArrayList<>();
		try {
			for (int i = 0; i < size; i++) {
				List<String> command = new ArrayList<>(List.of(variant.java().toString()));
				command.addAll(JVM_FLAGS);
				command.addAll(variant.flags());
				command.addAll(List.of("-jar", "application.jar"));
				command.addAll(isolation(cluster, "node-" + (i + 1), ports.get(i), members));
				long launched = System.nanoTime();
				Process process = new ProcessBuilder(command).directory(variant.extracted().toFile())
					.redirectErrorStream(true)
					.start();
				processes.add(process);
				launches.add(CompletableFuture.supplyAsync(() -> watch(process, launched, size)));
			}
			List<Launch> result = new ArrayList<>();
			for (CompletableFuture<Launch> launch : launches) {
				result.add(launch.get(BOUND.toSeconds(), TimeUnit.SECONDS));
			}
			return result;
		}
		finally {
			for (Process process : processes) {
				process.destroy();
			}
			for (Process process : processes) {
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly().waitFor();
				}
			}
		}
	}

	/** Reads one JVM's log until it started and lists {@code size} members. */
	private static Launch watch(Process process, long launched, int size) {
		double started = -1;
		double memberStarted = -1;
		double formed = -1;
		String members = "Members {size:" + size + ",";
		try (BufferedReader log = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = log.readLine(); line != null; line = log.readLine()) {
				double now = (System.nanoTime() - launched) / 1e9;
				if (memberStarted < 0 && line.contains(" is STARTED")) {
					memberStarted = now;
				}
				if (formed < 0 && line.contains(members)) {
					formed = now;
				}
				if (started < 0 && line.contains("Started SampleApplication")) {
					started = now;
				}
				if (started >= 0 && memberStarted >= 0 && formed >= 0) {
					// Drain the rest, so the JVM never blocks on a full pipe.
					CompletableFuture.runAsync(() -> drain(process));
					return new Launch(started, memberStarted, formed);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("the JVM ended before it started and listed " + size + " members");
	}

	private static void drain(Process process) {
		try {
			process.getInputStream().transferTo(OutputStream.nullOutputStream());
		}
		catch (IOException ex) {
			// Ended: nothing left to drain.
		}
	}

	private static List<String> isolation(String cluster, String name, int port, String members) {
		// Its own cluster name and ports: never joins another run, or a developer's
		// sample.
		return List.of("--server.port=0", "--cluster.cluster-name=" + cluster, "--cluster.naming.name=" + name,
				"--cluster.discovery.mode=static", "--cluster.discovery.static.members=" + members,
				"--cluster.hazelcast.address=127.0.0.1", "--cluster.hazelcast.port=" + port);
	}

	private static void run(Path directory, List<String> command) throws Exception {
		Path log = Files.createTempFile(WORK, "run", ".log");
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
			throw new IllegalStateException(command + " took longer than " + BOUND + "; see " + log);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException(command + " exited with " + process.exitValue() + "; see " + log);
		}
	}

	private static String version(Path java) throws Exception {
		Process process = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return output.lines()
			.map(String::strip)
			.filter((line) -> line.startsWith("java.version = "))
			.map((line) -> line.substring("java.version = ".length()))
			.findFirst()
			.orElse(java.toString());
	}

	private static String stats(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		double median = (sorted.size() % 2 == 1) ? sorted.get(sorted.size() / 2)
				: (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
		return String.format(Locale.ROOT, "%.2f s (%.2f-%.2f)", median, sorted.get(0), sorted.get(sorted.size() - 1));
	}

	/**
	 * One way to start the jar.
	 *
	 * @param name how the table calls it
	 * @param java the {@code java} launcher
	 * @param extracted the directory holding {@code application.jar} and its {@code lib}
	 * @param flags the flags that use the archive, if any
	 */
	record Variant(String name, Path java, Path extracted, List<String> flags) {

	}

	/**
	 * What one JVM took, in seconds from its launch.
	 *
	 * @param started until Spring's {@code Started} line
	 * @param memberStarted until Hazelcast's {@code is STARTED}
	 * @param formed until it listed every member launched with it
	 */
	record Launch(double started, double memberStarted, double formed) {

	}

}
