package dev.podcluster.testsupport.kube;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * The Docker-link environment variables kubelet sets for Services
 * ({@code FOO_SERVICE_HOST}, {@code FOO_PORT_80_TCP} and the rest).
 */
final class ServiceLinks {

	private ServiceLinks() {
	}

	/**
	 * The variables for some services.
	 * @param services the services: the pod namespace's when service links are on, and
	 * {@code default}'s {@code kubernetes} service always
	 * @return the variables, by name
	 */
	static Map<String, String> variables(List<Service> services) {
		Map<String, String> variables = new LinkedHashMap<>();
		List<Service> sorted = services.stream()
			.sorted(Comparator.comparing((Service service) -> service.getMetadata().getName()))
			.toList();
		for (Service service : sorted) {
			String ip = service.getSpec().getClusterIP();
			if (ip == null || ip.isEmpty() || ip.equals("None")) {
				continue;
			}
			List<ServicePort> ports = (service.getSpec().getPorts() != null) ? service.getSpec().getPorts() : List.of();
			String prefix = name(service.getMetadata().getName());
			variables.put(prefix + "_SERVICE_HOST", ip);
			if (ports.isEmpty()) {
				continue;
			}
			variables.put(prefix + "_SERVICE_PORT", String.valueOf(ports.get(0).getPort()));
			for (ServicePort port : ports) {
				if (port.getName() != null && !port.getName().isEmpty()) {
					variables.put(prefix + "_SERVICE_PORT_" + name(port.getName()), String.valueOf(port.getPort()));
				}
			}
			String host = ip.contains(":") ? "[" + ip + "]" : ip;
			ServicePort first = ports.get(0);
			variables.put(prefix + "_PORT", protocol(first) + "://" + host + ":" + first.getPort());
			for (ServicePort port : ports) {
				String protocol = protocol(port);
				String portPrefix = prefix + "_PORT_" + port.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
				variables.put(portPrefix, protocol + "://" + host + ":" + port.getPort());
				variables.put(portPrefix + "_PROTO", protocol);
				variables.put(portPrefix + "_PORT", String.valueOf(port.getPort()));
				variables.put(portPrefix + "_ADDR", ip);
			}
		}
		return variables;
	}

	private static String protocol(ServicePort port) {
		return ((port.getProtocol() != null) ? port.getProtocol() : "TCP").toLowerCase(Locale.ROOT);
	}

	private static String name(String name) {
		return name.toUpperCase(Locale.ROOT).replace('-', '_');
	}

}
