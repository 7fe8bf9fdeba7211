package dev.podcluster.testsupport.pod;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.podcluster.testsupport.dns.BindServer;
import dev.podcluster.testsupport.dns.HeadlessService;
import dev.podcluster.testsupport.dns.KubernetesDns;
import dev.podcluster.testsupport.dns.ServicePort;

/**
 * The cluster DNS "pod": a real BIND 9 in its own namespace at 10.244.0.2:53, serving the
 * {@code cluster.local} zone the way CoreDNS does (through {@link KubernetesDns}).
 *
 * @since 0.1.0
 */
public final class ClusterDns implements AutoCloseable {

	static final String IP = "10.244.0.2";

	private final BindServer server;

	private final KubernetesDns dns;

	private final Map<String, Service> services = new ConcurrentHashMap<>();

	private ClusterDns(BindServer server) {
		this.server = server;
		this.dns = new KubernetesDns(server);
	}

	static ClusterDns start(PodNetwork network) {
		PodSandbox sandbox = network.newSandbox("cluster-dns", IP);
		BindServer server = BindServer.builder()
			.listenAddress(IP)
			.port(53)
			.zone(Kubelet.CLUSTER_DOMAIN + ".")
			.defaultTtl(5)
			.netns(sandbox.netns())
			.start();
		return new ClusterDns(server);
	}

	String ip() {
		return IP;
	}

	/**
	 * The headless Service {@code name} in {@code namespace}; the same object for every
	 * workload behind it.
	 * @param name the Service's name
	 * @param namespace its namespace
	 * @param ports its ports, the same for every workload behind it
	 * @return the Service
	 * @throws IllegalArgumentException when the Service exists with other ports
	 */
	HeadlessService service(String name, String namespace, List<ServicePort> ports) {
		Service service = this.services.computeIfAbsent(namespace + "/" + name,
				(key) -> new Service(this.dns.headlessService(name, namespace, ports), List.copyOf(ports)));
		if (!service.ports().equals(ports)) {
			throw new IllegalArgumentException("Service " + namespace + "/" + name + " has the ports " + service.ports()
					+ ", not " + ports + ": the workloads behind one Service must declare the same ports");
		}
		return service.dns();
	}

	/** Stop named (SIGTERM by PID); its records are kept for {@link #start()}. */
	public void stop() {
		this.server.stop();
	}

	/** Start named again, with the records it had. */
	public void start() {
		this.server.start();
	}

	public boolean isRunning() {
		return this.server.isRunning();
	}

	/** The last lines of named's log. */
	List<String> logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.server.logFile());
			return all.subList(Math.max(0, all.size() - lines), all.size());
		}
		catch (Exception ex) {
			return List.of("(named log unreadable: " + ex + ")");
		}
	}

	Path logFile() {
		return this.server.logFile();
	}

	@Override
	public void close() {
		this.server.close();
	}

	private record Service(HeadlessService dns, List<ServicePort> ports) {
	}

}
