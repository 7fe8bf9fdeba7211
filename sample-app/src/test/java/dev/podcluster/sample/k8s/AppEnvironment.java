package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The environment variables the sample app reads: the starter's {@code cluster.*}
 * properties in their environment-variable form, the downward-API variables the starter
 * reads directly, and the JVM's and Spring Boot's own.
 */
final class AppEnvironment {

	/** The starter's properties, as the contract between the work streams lists them. */
	static final List<String> CLUSTER_PROPERTIES = List.of("cluster.enabled", "cluster.cluster-name",
			"cluster.expected-members", "cluster.naming.mode", "cluster.naming.name", "cluster.kubernetes.service-name",
			"cluster.kubernetes.namespace", "cluster.kubernetes.cluster-domain", "cluster.discovery.mode",
			"cluster.discovery.dns.query", "cluster.discovery.dns.port-name", "cluster.discovery.dns.protocol",
			"cluster.discovery.dns.server", "cluster.discovery.dns.timeout", "cluster.discovery.interval",
			"cluster.discovery.min-interval", "cluster.discovery.static.members", "cluster.hazelcast.port",
			"cluster.hazelcast.address", "cluster.hazelcast.partition-group", "cluster.zone", "cluster.node",
			"cluster.revision");

	/** Read by the starter itself, not through property binding. */
	static final Set<String> DOWNWARD_API = Set.of("POD_IP", "NAMESPACE", "POD_NAMESPACE", "CONTROLLER_REVISION_HASH",
			"POD_TEMPLATE_HASH");

	/** Read by the JVM and by Spring Boot. */
	static final Set<String> PLATFORM = Set.of("JAVA_TOOL_OPTIONS", "SERVER_PORT", "MANAGEMENT_SERVER_PORT");

	private AppEnvironment() {
	}

	/**
	 * The variable Spring Boot's relaxed binding maps to a property: cluster.cluster-name
	 * -> CLUSTER_CLUSTERNAME.
	 */
	static String variable(String property) {
		return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
	}

	/** Every variable name the sample app reads, by the contract. */
	static Set<String> known() {
		Set<String> known = CLUSTER_PROPERTIES.stream().map(AppEnvironment::variable).collect(Collectors.toSet());
		known.addAll(DOWNWARD_API);
		known.addAll(PLATFORM);
		return known;
	}

	/**
	 * The {@code cluster.*} properties the starter declares in its configuration metadata
	 * (written by spring-boot-configuration-processor), property name to type; empty when
	 * the metadata is not on the class path.
	 */
	static Map<String, String> declaredClusterProperties() {
		Map<String, String> properties = new TreeMap<>();
		JsonMapper json = JsonMapper.builder().build();
		try {
			for (URL url : Collections.list(AppEnvironment.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream in = url.openStream()) {
					for (JsonNode property : json.readTree(in).path("properties")) {
						String name = property.path("name").asString("");
						if (name.startsWith("cluster.")) {
							properties.put(name, property.path("type").asString(""));
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

}
