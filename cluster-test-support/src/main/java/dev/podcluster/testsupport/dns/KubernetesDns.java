package dev.podcluster.testsupport.dns;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes cluster DNS as CoreDNS serves it, held in a {@link BindServer} whose zone is
 * the cluster domain.
 *
 * @since 0.1.0
 */
public final class KubernetesDns {

	private final BindServer server;

	private final Map<String, HeadlessService> services = new HashMap<>();

	public KubernetesDns(BindServer server) {
		this.server = server;
	}

	/**
	 * Declare a headless Service ({@code clusterIP: None},
	 * {@code publishNotReadyAddresses: true}); it has no records until its first endpoint
	 * is added. Declaring it again returns the same Service.
	 * @param name the Service's name
	 * @param namespace its namespace
	 * @param ports its ports
	 * @return the Service, to add and remove endpoints
	 */
	public synchronized HeadlessService headlessService(String name, String namespace, List<ServicePort> ports) {
		HeadlessService service = this.services.computeIfAbsent(name + "." + namespace,
				(key) -> new HeadlessService(this.server, name, namespace, ports));
		if (!service.ports().equals(ports)) {
			throw new IllegalArgumentException(
					"Service " + service.fqdn() + " was declared with other ports: " + service.ports());
		}
		return service;
	}

}
