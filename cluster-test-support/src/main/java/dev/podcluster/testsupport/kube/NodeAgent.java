package dev.podcluster.testsupport.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kube-bed node agent: stands in for kubelet and a container runtime for a few
 * virtual Nodes, as one root process. Container logs go to {@code <state-dir>/logs};
 * there is no kubelet API, so {@code kubectl logs}, {@code exec}, {@code port-forward}
 * and {@code attach} are not served.
 */
public final class NodeAgent {

	static {
		// slf4j-simple reads these when the first logger is made: time stamps, and a
		// quiet client library.
		System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
		System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
		System.setProperty("org.slf4j.simpleLogger.log.io.fabric8", "warn");
	}

	private static final Logger logger = LoggerFactory.getLogger(NodeAgent.class);

	private NodeAgent() {
	}

	public static void main(String[] args) throws Exception {
		AgentOptions options;
		try {
			options = AgentOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		Files.createDirectories(options.stateDirectory());
		Files.deleteIfExists(options.stateDirectory().resolve("ready"));
		for (String leftover : PodNetwork.leftoverNamespaces()) {
			logger.info("Removing network namespace {} left by a previous agent", leftover);
			HostCommand.of("ip", "netns", "delete", leftover).runQuietly();
		}
		String kubeconfig = Files.readString(options.kubeconfig());
		// While the API server is down, a request fails after two quick retries instead
		// of the client's ten (about 20 s), which would hold a pod's loop (its probes,
		// its stop) and the Nodes' Leases: their own loops try again. The pod watch
		// reconnects within 8 s at most once the API server is back (the default backs
		// off to 32 s).
		Config config = new ConfigBuilder(Config.fromKubeconfig(kubeconfig)).withRequestRetryBackoffLimit(2)
			.withWatchReconnectInterval(250)
			.build();
		KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
		String version = client.getKubernetesVersion().getGitVersion();
		logger.info("API server {} runs Kubernetes {}", client.getMasterUrl(), version);
		PodNetwork network = new PodNetwork(options.bridge(), options.gateway(),
				PodNetwork.bridgeNetwork(options.bridge(), options.gateway()), options.serviceCidr());
		ImageCatalog images = new ImageCatalog(options.images());
		ProcessLauncher launcher = new ProcessLauncher();
		ExecutorService background = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "pod-background");
			thread.setDaemon(true);
			return thread;
		});
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "node-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		Map<String, String> imageEnvironment = new LinkedHashMap<>();
		imageEnvironment.put("PATH", ContainerScript.HOST_PATH);
		imageEnvironment.put("JAVA_HOME", System.getProperty("java.home"));
		ResolvConf hostResolvConf = ResolvConf.parse(read(Path.of("/etc/resolv.conf")));
		AgentContext context = new AgentContext(client, options, network, launcher, images,
				new ApiClusterObjects(client), hostResolvConf, new ProbeRunner(version), background, imageEnvironment);
		NodeRegistration registration = new NodeRegistration(client, options, version, images, network);
		Set<String> nodeNames = options.nodes().stream().map(VirtualNode::name).collect(Collectors.toSet());
		PodSupervisor supervisor = new PodSupervisor(context, nodeNames);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			logger.info("Stopping: stopping every pod, removing sandboxes, marking nodes NotReady");
			supervisor.stop(Duration.ofSeconds(20));
			registration.markNotReady();
			scheduler.shutdownNow();
			background.shutdownNow();
			launcher.close();
			client.close();
		}, "node-agent-shutdown"));
		registration.start(scheduler);
		supervisor.start();
		while (!registration.allReady()) {
			TimeUnit.MILLISECONDS.sleep(200);
		}
		Files.writeString(options.stateDirectory().resolve("ready"), "ready\n");
		logger.info("Nodes {} are registered and Ready", nodeNames);
		Thread.currentThread().join();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return "";
		}
	}

}
