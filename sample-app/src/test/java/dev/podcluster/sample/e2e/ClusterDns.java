package dev.podcluster.sample.e2e;

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
 */
public final class ClusterDns implements AutoCloseable {

	static final String IP = "10.244.0.2";

	/** The one port of the sample's headless Service ({@code sample-app/k8s/base/service-cluster.yaml}). */
	static final List<ServicePort> PORTS = List.of(new ServicePort("hazelcast", "tcp", 5701));

	private final BindServer server;

	private final KubernetesDns dns;

	private final Map<String, HeadlessService> services = new ConcurrentHashMap<>();

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
	 * The headless Service {@code name} in {@code namespace}, with the sample's ports; the same object for
	 * every workload behind it.
	 * @param name the Service's name
	 * @param namespace its namespace
	 * @return the Service
	 */
	HeadlessService service(String name, String namespace) {
		return this.services.computeIfAbsent(namespace + "/" + name,
				(key) -> this.dns.headlessService(name, namespace, PORTS));
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

}
