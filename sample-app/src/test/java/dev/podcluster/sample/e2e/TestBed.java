package dev.podcluster.sample.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The emulated Kubernetes node of a test class: one {@link PodNetwork}, one {@link ClusterDns}, one
 * {@link Kubelet}. Register it as a static field with {@code @RegisterExtension}. After each test, its
 * pods are deleted; when a test fails, the end of each of its pods' logs is printed.
 */
public final class TestBed implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
		TestWatcher {

	private static final int LOG_TAIL_LINES = 80;

	private @Nullable PodNetwork network;

	private @Nullable ClusterDns dns;

	private @Nullable Kubelet kubelet;

	private final List<Workload> workloads = new ArrayList<>();

	private int firstPodOfTest;

	@Override
	public void beforeAll(ExtensionContext context) {
		Path target = target();
		Path logs = target.resolve("e2e-logs").resolve(context.getRequiredTestClass().getSimpleName());
		try {
			// A pod's log is appended to when a pod of the same name restarts: start each run afresh.
			deleteRecursively(logs);
			this.network = PodNetwork.create();
			this.dns = ClusterDns.start(this.network);
			this.kubelet = new Kubelet(this.network, this.dns.ip(), logs, target.resolve("e2e-pods"));
		}
		catch (RuntimeException ex) {
			afterAll(context);
			throw ex;
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		try {
			if (this.dns != null) {
				this.dns.close();
			}
		}
		finally {
			if (this.network != null) {
				this.network.close();
			}
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.firstPodOfTest = kubelet().pods().size();
		System.out.println("[e2e] " + context.getDisplayName());
	}

	@Override
	public void afterEach(ExtensionContext context) {
		for (Workload workload : this.workloads) {
			workload.deleteAllNow();
		}
		this.workloads.clear();
		if (!dns().isRunning()) {
			dns().start();
		}
	}

	@Override
	public void testFailed(ExtensionContext context, @Nullable Throwable cause) {
		List<Pod> pods = kubelet().pods();
		StringBuilder report = new StringBuilder("\n[e2e] ").append(context.getDisplayName())
			.append(" failed; the end of each pod's log:\n");
		for (Pod pod : pods.subList(Math.min(this.firstPodOfTest, pods.size()), pods.size())) {
			report.append("----- ").append(pod).append(" pid ").append(pod.pid()).append(", ").append(pod.log()).append('\n');
			pod.logTail(LOG_TAIL_LINES).forEach((line) -> report.append("  | ").append(line).append('\n'));
		}
		report.append("----- cluster DNS (named), ").append(dns().logFile()).append('\n');
		dns().logTail(20).forEach((line) -> report.append("  | ").append(line).append('\n'));
		System.out.println(report);
	}

	/**
	 * A StatefulSet running the sample app jar.
	 * @param name the StatefulSet's name (pods {@code <name>-<ordinal>})
	 * @param serviceName its governing headless Service
	 * @param namespace the Kubernetes namespace
	 * @param environment the container's variables besides the downward API
	 * @return the StatefulSet, with no pod yet
	 */
	public StatefulSet statefulSet(String name, String serviceName, String namespace, Map<String, String> environment) {
		StatefulSet workload = new StatefulSet(kubelet(), dns().service(serviceName, namespace), name, serviceName,
				namespace, environment, sampleAppCommand());
		this.workloads.add(workload);
		return workload;
	}

	/**
	 * A Deployment running the sample app jar, behind a headless Service.
	 * @param name the Deployment's name
	 * @param serviceName the headless Service
	 * @param namespace the Kubernetes namespace
	 * @param environment the container's variables besides the downward API
	 * @return the Deployment, with no pod yet
	 */
	public Deployment deployment(String name, String serviceName, String namespace, Map<String, String> environment) {
		Deployment workload = new Deployment(kubelet(), dns().service(serviceName, namespace), name, serviceName,
				namespace, environment, sampleAppCommand());
		this.workloads.add(workload);
		return workload;
	}

	/**
	 * A StatefulSet running another command than the sample app, to check the emulation itself.
	 */
	StatefulSet statefulSet(String name, String serviceName, String namespace, List<String> command) {
		StatefulSet workload = new StatefulSet(kubelet(), dns().service(serviceName, namespace), name, serviceName,
				namespace, Map.of(), command);
		this.workloads.add(workload);
		return workload;
	}

	/**
	 * A Deployment running another command than the sample app, to check the emulation itself.
	 */
	Deployment deployment(String name, String serviceName, String namespace, List<String> command) {
		Deployment workload = new Deployment(kubelet(), dns().service(serviceName, namespace), name, serviceName,
				namespace, Map.of(), command);
		this.workloads.add(workload);
		return workload;
	}

	public ClusterDns dns() {
		if (this.dns == null) {
			throw new IllegalStateException("The test bed is not started: register it with @RegisterExtension static");
		}
		return this.dns;
	}

	Kubelet kubelet() {
		if (this.kubelet == null) {
			throw new IllegalStateException("The test bed is not started: register it with @RegisterExtension static");
		}
		return this.kubelet;
	}

	/** The container command: the packaged sample app with a small heap, as several pods share 2 cores. */
	List<String> sampleAppCommand() {
		return List.of(javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
				sampleJar(target()).toString());
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + directory, ex);
		}
	}

	private static Path target() {
		return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target");
	}

	static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path sampleJar(Path target) {
		String configured = System.getProperty("e2e.jar");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured).toAbsolutePath();
		}
		Optional<Path> jar;
		try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			jar = files.filter((file) -> {
				String name = file.getFileName().toString();
				return name.startsWith("sample-app-") && name.endsWith(".jar") && !name.endsWith("-sources.jar")
						&& !name.endsWith("-javadoc.jar") && !name.endsWith("-tests.jar") && !name.endsWith("-plain.jar");
			}).findFirst();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return jar.map(Path::toAbsolutePath)
			.orElseThrow(() -> new IllegalStateException("The sample app jar is not in " + target.toAbsolutePath()
					+ ": the end-to-end suite runs after `package`, e.g. `./mvnw -pl sample-app verify`"
					+ " (or point -De2e.jar=... at it)"));
	}

}
