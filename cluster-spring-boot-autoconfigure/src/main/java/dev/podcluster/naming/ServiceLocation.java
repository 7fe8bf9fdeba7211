package dev.podcluster.naming;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where the cluster's headless Service lives: its name, namespace and the cluster domain.
 *
 * @param serviceName name of the headless Service that selects the cluster's pods
 * @param namespace namespace of the Service and its pods
 * @param clusterDomain cluster DNS domain, e.g. {@code cluster.local}
 * @since 0.1.0
 */
public record ServiceLocation(String serviceName, String namespace, String clusterDomain) {

	private static final String DEFAULT_NAMESPACE = "default";

	private static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

	/**
	 * Returns where the configured Service lives: in the configured namespace and cluster
	 * domain, else the pod's, else {@code default} and {@code cluster.local}.
	 * @param serviceName {@code cluster.kubernetes.service-name}, or {@code null}
	 * @param namespace {@code cluster.kubernetes.namespace}, or {@code null}
	 * @param clusterDomain {@code cluster.kubernetes.cluster-domain}, or {@code null}
	 * @param pod what the pod tells
	 * @return the location, or {@code null} when no service name is configured
	 */
	public static @Nullable ServiceLocation of(@Nullable String serviceName, @Nullable String namespace,
			@Nullable String clusterDomain, PodEnvironment pod) {
		if (serviceName == null || serviceName.isBlank()) {
			return null;
		}
		String resolvedNamespace = (namespace != null && !namespace.isBlank()) ? namespace.trim()
				: (pod.namespace() != null) ? pod.namespace() : DEFAULT_NAMESPACE;
		String resolvedDomain = (clusterDomain != null && !clusterDomain.isBlank())
				? withoutTrailingDot(clusterDomain.trim())
				: (pod.clusterDomain() != null) ? pod.clusterDomain() : DEFAULT_CLUSTER_DOMAIN;
		return new ServiceLocation(serviceName.trim().toLowerCase(Locale.ROOT), resolvedNamespace, resolvedDomain);
	}

	/**
	 * Returns the Service's fully qualified name without the trailing dot.
	 * @return e.g. {@code app.default.svc.cluster.local}
	 */
	public String fqdn() {
		return this.serviceName + "." + this.namespace + ".svc." + this.clusterDomain;
	}

	/**
	 * Returns the name DNS gives an endpoint of the Service.
	 * @param endpoint the pod's hostname or its dashed IP
	 * @return e.g. {@code app-0.app.default.svc.cluster.local}
	 */
	public String endpointName(String endpoint) {
		return endpoint + "." + fqdn();
	}

	/**
	 * Returns a DNS name as written in configuration and in this project's messages:
	 * without the trailing dot of an absolute name.
	 * @param name the name, e.g. {@code cluster.local.}
	 * @return e.g. {@code cluster.local}
	 */
	public static String withoutTrailingDot(String name) {
		return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
	}

}
