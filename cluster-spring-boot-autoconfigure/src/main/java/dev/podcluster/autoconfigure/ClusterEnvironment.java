package dev.podcluster.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.discovery.DiscoveryMode;
import dev.podcluster.naming.ServiceLocation;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Reads what the pod tells about its place in Kubernetes (downward-API variables, the service account, the
 * resolv.conf search list) and combines it with {@code cluster.*}.
 *
 * @param onKubernetes whether {@code KUBERNETES_SERVICE_HOST} is set
 * @param discoveryMode the discovery mode, {@code auto} resolved
 * @param service the headless Service, or {@code null} when no service name is configured
 * @param podIp the {@code POD_IP} variable
 * @param hostname the {@code HOSTNAME} variable
 */
record ClusterEnvironment(boolean onKubernetes, DiscoveryMode discoveryMode, @Nullable ServiceLocation service,
		@Nullable String podIp, @Nullable String hostname) {

	static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

	private static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

	static ClusterEnvironment of(ClusterProperties properties, Environment environment, List<String> searchPath) {
		boolean onKubernetes = StringUtils.hasText(environment.getProperty("KUBERNETES_SERVICE_HOST"));
		DiscoveryMode mode = properties.discovery().mode();
		if (mode == DiscoveryMode.AUTO) {
			mode = onKubernetes ? DiscoveryMode.DNS_SRV : DiscoveryMode.STATIC;
		}
		ClusterProperties.Kubernetes kubernetes = properties.kubernetes();
		ServiceLocation service = null;
		if (StringUtils.hasText(kubernetes.serviceName())) {
			service = new ServiceLocation(kubernetes.serviceName().trim().toLowerCase(Locale.ROOT),
					namespace(kubernetes.namespace(), environment, searchPath),
					clusterDomain(kubernetes.clusterDomain(), searchPath));
		}
		else if (mode == DiscoveryMode.DNS_SRV && !StringUtils.hasText(properties.discovery().dns().query())) {
			throw new InvalidClusterConfigurationException("cluster.kubernetes.service-name",
					"DNS SRV discovery" + (onKubernetes ? " (chosen because this runs on Kubernetes)" : "")
							+ " needs the headless Service's name, and none is set",
					"Set cluster.kubernetes.service-name (env CLUSTER_KUBERNETES_SERVICENAME) to the headless Service"
							+ " that selects the pods, or set cluster.discovery.mode to static or none.");
		}
		return new ClusterEnvironment(onKubernetes, mode, service, environment.getProperty("POD_IP"),
				environment.getProperty("HOSTNAME"));
	}

	private static String namespace(@Nullable String configured, Environment environment, List<String> searchPath) {
		if (StringUtils.hasText(configured)) {
			return configured.trim();
		}
		for (String variable : List.of("NAMESPACE", "POD_NAMESPACE")) {
			String value = environment.getProperty(variable);
			if (StringUtils.hasText(value)) {
				return value.trim();
			}
		}
		try {
			if (Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)) {
				return Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim();
			}
		}
		catch (IOException ex) {
			// fall through to the search list
		}
		// kubelet puts "<namespace>.svc.<domain>" first in the pod's search list.
		if (!searchPath.isEmpty() && searchPath.get(0).contains(".svc.")) {
			return searchPath.get(0).substring(0, searchPath.get(0).indexOf(".svc."));
		}
		return "default";
	}

	private static String clusterDomain(@Nullable String configured, List<String> searchPath) {
		if (StringUtils.hasText(configured)) {
			return trimDots(configured.trim());
		}
		for (String entry : searchPath) {
			if (entry.startsWith("svc.")) {
				return trimDots(entry.substring("svc.".length()));
			}
		}
		return DEFAULT_CLUSTER_DOMAIN;
	}

	private static String trimDots(String name) {
		return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
	}

}
