package dev.podcluster.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

/**
 * The real Kubernetes control plane of the test classes, started with
 * {@code bin/kube-bed up}: etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
 * kube-proxy and CoreDNS, built from their published modules, and our node agent in place
 * of kubelet. One bed serves every class of a test run: the first class brings it up
 * (with the sample's image, {@link SampleImage}), a reset puts it back as {@code up} left
 * it after each class (other namespaces and the objects of {@code default} deleted, Node
 * zones, cordons and CoreDNS restored), and {@code bin/kube-bed down} stops it when the
 * run's tests are done. A class whose reset fails brings the bed down, and the next class
 * starts a new one. Tests drive it with the bed's own {@code kubectl}, as a user would.
 * Register it as a static field with {@code @RegisterExtension}; public for the
 * benchmarks, which measure against its CoreDNS.
 */
public final class KubeBed implements BeforeAllCallback, AfterAllCallback {

	private static final Duration UP_BOUND = Duration.ofMinutes(10);

	private static final Duration KUBECTL_BOUND = Duration.ofMinutes(3);

	/** The namespaces Kubernetes makes: a reset keeps them. */
	private static final Set<String> KEPT_NAMESPACES = Set.of("default", "kube-node-lease", "kube-public",
			"kube-system");

	/**
	 * What a reset deletes in {@code default} (with the Services, ConfigMaps and
	 * ServiceAccounts a test made).
	 */
	private static final List<String> DEFAULT_KINDS = List.of("statefulsets", "deployments", "daemonsets", "jobs",
			"cronjobs", "replicasets", "poddisruptionbudgets", "networkpolicies", "ingresses",
			"horizontalpodautoscalers", "persistentvolumeclaims", "secrets");

	private static final String DNS_SERVICE_IP = "10.96.0.10";

	private static final String API_SERVICE_IP = "10.96.0.1";

	private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(KubeBed.class);

	private final Path module = moduleDirectory();

	private @Nullable Path kubeconfig;

	private @Nullable Path bin;

	private @Nullable Path logs;

	private @Nullable Running running;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.logs = this.module.resolve("target/kube-bed-logs").resolve(context.getRequiredTestClass().getSimpleName());
		Files.createDirectories(this.logs);
		Running running = context.getRoot()
			.getStore(SHARED)
			.computeIfAbsent(Running.class, (key) -> new Running(), Running.class);
		running.up();
		this.running = running;
		this.kubeconfig = running.kubeconfig;
		this.bin = running.bin;
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (this.running != null) {
			this.running.reset();
		}
	}

	/**
	 * The bed of a test run: up for the first class that needs it, reset after each, down
	 * when the run's root context closes.
	 */
	private final class Running implements AutoCloseable {

		private @Nullable Path kubeconfig;

		private @Nullable Path bin;

		synchronized void up() {
			if (this.kubeconfig != null) {
				return;
			}
			Run build = run(List.of(KubeBed.this.module.resolve("kube/build-control-plane.sh").toString()), Map.of(),
					UP_BOUND);
			this.bin = Path.of(build.stdout().strip());
			// The NetworkPolicy enforcer: built once per machine, like the control plane.
			run(List.of(KubeBed.this.module.resolve("kube/build-network-policies.sh").toString()), Map.of(), UP_BOUND);
			Path image = SampleImage.prepare(SampleApp.jar(),
					KubeBed.this.module.resolve("target/sample-app-training.log"));
			long start = System.nanoTime();
			Run up = run(
					List.of(script(), "up"), Map.of("KUBE_BED_AGENT_CLASSPATH", System.getProperty("java.class.path"),
							"KUBE_BED_SAMPLE_IMAGE", image.toString(), "KUBE_BED_KEEP_LOGS", bedLogs().toString()),
					UP_BOUND);
			String export = up.stdout().strip();
			if (!export.startsWith("export KUBECONFIG=")) {
				throw new IllegalStateException("kube-bed up printed no KUBECONFIG: " + up.stdout() + up.stderr());
			}
			this.kubeconfig = Path.of(export.substring("export KUBECONFIG=".length()));
			Timing.report("kube-bed", "up", Timing.since(start));
		}

		/** Back to as {@code up} left it; brought down instead when that fails. */
		synchronized void reset() {
			if (this.kubeconfig == null) {
				return;
			}
			long start = System.nanoTime();
			try {
				resetFixtures();
				Timing.report("kube-bed", "reset", Timing.since(start));
			}
			catch (RuntimeException ex) {
				close();
				throw ex;
			}
		}

		@Override
		public synchronized void close() {
			if (this.kubeconfig == null) {
				return;
			}
			this.kubeconfig = null;
			long start = System.nanoTime();
			run(List.of(script(), "down"), Map.of("KUBE_BED_KEEP_LOGS", bedLogs().toString()), UP_BOUND);
			Timing.report("kube-bed", "down", Timing.since(start));
		}

		/**
		 * Every namespace but the four Kubernetes makes is deleted, and in
		 * {@code default} every object but the {@code kubernetes} Service and the root CA
		 * ConfigMap; pods go at once (forced), and it returns when none is left outside
		 * kube-system. The Nodes get their zones back (node-X in zone-X), uncordoned;
		 * CoreDNS is back at 2 replicas and answering.
		 */
		private void resetFixtures() {
			for (String namespace : names(kubectl("get", "namespaces", "-o", "jsonpath={.items[*].metadata.name}"))) {
				if (!KEPT_NAMESPACES.contains(namespace)) {
					kubectl("delete", "namespace", namespace, "--wait=false");
				}
			}
			kubectl("-n", "default", "delete", String.join(",", DEFAULT_KINDS), "--all", "--wait=false");
			kubectl("-n", "default", "delete", "services", "--field-selector", "metadata.name!=kubernetes",
					"--wait=false");
			kubectl("-n", "default", "delete", "configmaps", "--field-selector", "metadata.name!=kube-root-ca.crt",
					"--wait=false");
			kubectl("-n", "default", "delete", "serviceaccounts", "--field-selector", "metadata.name!=default",
					"--wait=false");
			// Force-deleted again while any is left: a controller not yet gone may have
			// made
			// one more.
			Awaitility.await("pods outside kube-system gone")
				.atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					String left = kubectl("get", "pods", "--all-namespaces", "--field-selector",
							"metadata.namespace!=kube-system", "-o", "name");
					if (left.isBlank()) {
						return true;
					}
					try {
						kubectl("delete", "pods", "--all-namespaces", "--field-selector",
								"metadata.namespace!=kube-system", "--force", "--grace-period=0");
					}
					catch (IllegalStateException ex) {
						// Gone meanwhile: the next poll sees.
					}
					return false;
				});
			Awaitility.await("the deleted namespaces gone")
				.atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> Set.copyOf(names(kubectl("get", "namespaces", "-o", "jsonpath={.items[*].metadata.name}")))
					.equals(KEPT_NAMESPACES));
			for (String node : names(kubectl("get", "nodes", "-o", "jsonpath={.items[*].metadata.name}"))) {
				kubectl("label", "node", node, "topology.kubernetes.io/zone=zone-" + node.substring("node-".length()),
						"--overwrite");
				kubectl("uncordon", node);
			}
			kubectl("-n", "kube-system", "scale", "deployment/coredns", "--replicas=2");
			kubectl("-n", "kube-system", "rollout", "status", "deployment/coredns", "--timeout=120s");
			Awaitility.await("kube-dns answering kubernetes.default.svc.cluster.local")
				.atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(500))
				.ignoreExceptions()
				.until(() -> run(List.of(script(), "dig", "+short", "+time=1", "+tries=1", "@" + DNS_SERVICE_IP,
						"kubernetes.default.svc.cluster.local", "A"), Map.of(), KUBECTL_BOUND)
					.stdout()
					.strip()
					.equals(API_SERVICE_IP));
		}

		private String kubectl(String... arguments) {
			List<String> command = new ArrayList<>();
			command.add(this.bin.resolve("kubectl").toString());
			command.addAll(List.of(arguments));
			return run(command, Map.of("KUBECONFIG", String.valueOf(this.kubeconfig)), KUBECTL_BOUND).stdout();
		}

		private Path bedLogs() {
			return KubeBed.this.module.resolve("target/kube-bed-logs/bed");
		}

	}

	/**
	 * Stop the bed's kube-apiserver (SIGTERM, as an outage or a control-plane restart
	 * stops it); etcd, the controllers, kube-proxy, the node agent and the pods keep
	 * running. Until {@link #startApiServer()}, {@code kubectl} fails.
	 */
	void stopApiServer() {
		run(List.of(script(), "apiserver", "stop"), Map.of(), UP_BOUND);
	}

	/**
	 * Start the bed's kube-apiserver again, with its flags, and wait until it is ready.
	 */
	void startApiServer() {
		run(List.of(script(), "apiserver", "start"), Map.of(), UP_BOUND);
	}

	/**
	 * Run the bed's {@code kubectl} against its API server.
	 * @param arguments kubectl's arguments
	 * @return what it printed on standard output
	 * @throws IllegalStateException when it exits with an error, with what it printed
	 */
	public String kubectl(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(binary("kubectl").toString());
		command.addAll(List.of(arguments));
		return run(command, Map.of("KUBECONFIG", String.valueOf(this.kubeconfig)), KUBECTL_BOUND).stdout();
	}

	/**
	 * Run the bed's {@code kubectl} and read what it printed as JSON (add
	 * {@code -o json}).
	 * @param arguments kubectl's arguments
	 * @return the document
	 */
	public JsonNode kubectlJson(String... arguments) {
		return SampleApp.JSON.readTree(kubectl(arguments));
	}

	/**
	 * Run the bed's {@code kubectl} where it must fail, as the API server refusing a
	 * request.
	 * @param arguments kubectl's arguments
	 * @return what it printed, standard error first
	 * @throws AssertionError when it succeeds
	 */
	String kubectlFailing(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(binary("kubectl").toString());
		command.addAll(List.of(arguments));
		try {
			run(command, Map.of("KUBECONFIG", String.valueOf(this.kubeconfig)), KUBECTL_BOUND);
		}
		catch (IllegalStateException ex) {
			return String.valueOf(ex.getMessage());
		}
		throw new AssertionError(String.join(" ", command) + " succeeded; expected it to fail");
	}

	/**
	 * Start the bed's {@code kubectl} for a long-running command (a watch), standard
	 * error to a file among the bed's logs.
	 * @param name names the file of its standard error
	 * @param arguments kubectl's arguments
	 * @return the running process, its standard output to read
	 */
	Process startKubectl(String name, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(binary("kubectl").toString());
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).directory(repository().toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectError(ProcessBuilder.Redirect.appendTo(logs().resolve(name + ".stderr").toFile()));
		builder.environment().put("KUBECONFIG", String.valueOf(this.kubeconfig));
		try {
			Files.createDirectories(logs());
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
	}

	/**
	 * What a user looks at when pods do not come up: {@code kubectl get pods -o wide} and
	 * the end of each container's newest log (the node agent keeps them as files; there
	 * is no {@code kubectl logs}).
	 * @return the report, for a failure message
	 */
	public String podReport() {
		StringBuilder report = new StringBuilder();
		try {
			report.append(kubectl("get", "pods", "--all-namespaces", "-o", "wide"));
		}
		catch (RuntimeException ex) {
			report.append("kubectl get pods failed: ").append(ex.getMessage()).append('\n');
		}
		if (this.kubeconfig == null) {
			return report.toString();
		}
		Path containerLogs = containerLogs();
		if (!Files.isDirectory(containerLogs)) {
			return report.toString();
		}
		try (Stream<Path> logs = Files.walk(containerLogs)) {
			List<Path> newest = logs.filter((path) -> path.toString().endsWith(".log"))
				.collect(Collectors.groupingBy(Path::getParent))
				.values()
				.stream()
				.map((restarts) -> restarts.stream().max(Comparator.comparing(KubeBed::restartNumber)).orElseThrow())
				.sorted()
				.toList();
			for (Path log : newest) {
				List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
				report.append("\n--- ")
					.append(containerLogs.relativize(log))
					.append(" (last lines)\n")
					.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())))
					.append('\n');
			}
		}
		catch (IOException ex) {
			report.append("could not read ").append(containerLogs).append(": ").append(ex.getMessage());
		}
		return report.toString();
	}

	/**
	 * Everything a pod's containers printed, every restart, as the node agent keeps it.
	 * @param pod the pod
	 * @return each log file's name and content
	 */
	String podLogs(KubePod pod) {
		Path dir = podLogDirectory(pod);
		if (!Files.isDirectory(dir)) {
			return "no logs of " + pod + " in " + dir + "\n";
		}
		StringBuilder report = new StringBuilder();
		try (Stream<Path> logs = Files.walk(dir)) {
			for (Path log : logs.filter((path) -> path.toString().endsWith(".log")).sorted().toList()) {
				report.append("--- ")
					.append(dir.relativize(log))
					.append(" of ")
					.append(pod.name())
					.append('\n')
					.append(Files.readString(log, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			report.append("could not read ").append(dir).append(": ").append(ex.getMessage()).append('\n');
		}
		return report.toString();
	}

	/**
	 * The file the node agent writes a container's output to (there is no
	 * {@code kubectl logs}); it exists once the container has started.
	 * @param pod the pod
	 * @param container the container's name
	 * @param restartCount its run: 0 for the first, as {@code restartCount} counts
	 * @return the file
	 */
	public Path containerLog(KubePod pod, String container, int restartCount) {
		return podLogDirectory(pod).resolve(container).resolve(restartCount + ".log");
	}

	private Path podLogDirectory(KubePod pod) {
		return containerLogs().resolve(pod.namespace() + "_" + pod.name() + "_" + pod.uid());
	}

	private Path containerLogs() {
		if (this.kubeconfig == null) {
			throw new IllegalStateException("The bed is not up");
		}
		return this.kubeconfig.getParent().resolve("agent/logs");
	}

	private static int restartNumber(Path log) {
		String name = log.getFileName().toString();
		return Integer.parseInt(name.substring(0, name.length() - ".log".length()));
	}

	/**
	 * The repository's root, where {@code kubectl apply -k sample-app/k8s/...} is run
	 * from.
	 */
	Path repository() {
		return this.module.getParent();
	}

	/**
	 * Where {@code kube-bed down} copies the logs of the control plane, the node agent
	 * and every pod.
	 */
	Path logs() {
		return (this.logs != null) ? this.logs : this.module.resolve("target/kube-bed-logs");
	}

	Path binary(String name) {
		if (this.bin == null) {
			throw new IllegalStateException("The bed is not up");
		}
		return this.bin.resolve(name);
	}

	private String script() {
		return this.module.resolve("bin/kube-bed").toString();
	}

	/**
	 * This module, whether the JVM runs in it, in the repository's root or in another
	 * module (the benchmarks).
	 */
	private static Path moduleDirectory() {
		Path directory = Path.of("").toAbsolutePath();
		if (Files.isRegularFile(directory.resolve("bin/kube-bed"))) {
			return directory;
		}
		Path below = directory.resolve("cluster-e2e-tests");
		return Files.isDirectory(below) ? below : directory.resolveSibling("cluster-e2e-tests");
	}

	private Run run(List<String> command, Map<String, String> environment, Duration bound) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(repository().toFile());
		builder.environment().putAll(environment);
		try {
			Path stdout = Files.createTempFile("kube-bed", ".out");
			Path stderr = Files.createTempFile("kube-bed", ".err");
			try {
				Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
				if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly().waitFor();
					throw new IllegalStateException(String.join(" ", command) + " did not finish within " + bound + ": "
							+ Files.readString(stderr, StandardCharsets.UTF_8));
				}
				Run run = new Run(Files.readString(stdout, StandardCharsets.UTF_8),
						Files.readString(stderr, StandardCharsets.UTF_8));
				if (process.exitValue() != 0) {
					throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
							+ "):\n" + run.stderr() + run.stdout());
				}
				return run;
			}
			finally {
				Files.deleteIfExists(stdout);
				Files.deleteIfExists(stderr);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

	private static List<String> names(String spaceSeparated) {
		return spaceSeparated.isBlank() ? List.of() : List.of(spaceSeparated.strip().split("\\s+"));
	}

	private record Run(String stdout, String stderr) {
	}

}
