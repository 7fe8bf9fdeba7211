package dev.podcluster.naming;

/**
 * Where the cluster's headless Service lives: its name, namespace and the cluster domain.
 *
 * @param serviceName name of the headless Service that selects the cluster's pods
 * @param namespace namespace of the Service and its pods
 * @param clusterDomain cluster DNS domain, e.g. {@code cluster.local}
 * @since 0.1.0
 */
public record ServiceLocation(String serviceName, String namespace, String clusterDomain) {

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
