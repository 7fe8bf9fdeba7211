package dev.podcluster.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.InternalPartition;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.partition.PartitionReplica;
import dev.podcluster.hazelcast.MemberAttributes;
import dev.podcluster.testsupport.dns.BindServer;
import dev.podcluster.testsupport.dns.HeadlessService;
import dev.podcluster.testsupport.dns.KubernetesDns;
import dev.podcluster.testsupport.dns.ServicePort;
import dev.podcluster.testsupport.net.FreePorts;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Members on 127.0.0.1 found through SRV records in a real BIND 9, each told its zone and
 * node the way a pod is (CLUSTER_ZONE, CLUSTER_NODE), for partition-group tests, and any
 * other downward-API variable a test gives.
 */
final class ZonedCluster implements AutoCloseable {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final BindServer dns;

	private final HeadlessService service;

	private final String clusterName;

	private final Map<String, ConfigurableApplicationContext> members = new LinkedHashMap<>();

	private final Map<String, Integer> ports = new LinkedHashMap<>();

	/**
	 * Starts BIND with a headless Service listing every member to come.
	 * @param clusterName the cluster name
	 * @param names every member's name, in the order they start
	 */
	ZonedCluster(String clusterName, List<String> names) throws Exception {
		this.clusterName = clusterName;
		this.dns = BindServer.builder().start();
		this.service = new KubernetesDns(this.dns).headlessService("zones", "test",
				List.of(new ServicePort("hazelcast", "tcp", 5701)));
		List<Integer> free = FreePorts.loopback(names.size());
		for (int i = 0; i < names.size(); i++) {
			this.ports.put(names.get(i), free.get(i));
			this.service.addEndpoint(names.get(i), InetAddress.getLoopbackAddress(), Map.of("hazelcast", free.get(i)));
		}
	}

	/**
	 * Starts one member. One after the other: Spring Boot's logging set-up is per JVM.
	 * @param name the member's name
	 * @param zone its zone, or {@code null} for a pod whose zone label is missing
	 * @param node its node
	 * @param partitionGroup the value of {@code cluster.hazelcast.partition-group}
	 * @return the member's application
	 */
	ConfigurableApplicationContext start(String name, @Nullable String zone, String node, String partitionGroup) {
		return start(name, zone, node, partitionGroup, Map.of());
	}

	/**
	 * Starts one member with more pod variables.
	 * @param name the member's name
	 * @param zone its zone, or {@code null} for a pod whose zone label is missing
	 * @param node its node
	 * @param partitionGroup the value of {@code cluster.hazelcast.partition-group}
	 * @param podVariables further variables, as the downward API sets them
	 * @return the member's application
	 */
	ConfigurableApplicationContext start(String name, @Nullable String zone, String node, String partitionGroup,
			Map<String, Object> podVariables) {
		List<String> properties = new ArrayList<>(List.of("server.port=0",
				"management.endpoints.web.exposure.include=cluster,health,metrics",
				"management.endpoint.health.show-details=always", "cluster.cluster-name=" + this.clusterName,
				"cluster.discovery.mode=dns-srv", "cluster.kubernetes.service-name=zones",
				"cluster.kubernetes.namespace=test", "cluster.kubernetes.cluster-domain=cluster.local",
				"cluster.discovery.dns.server=127.0.0.1:" + this.dns.address().getPort(), "cluster.naming.name=" + name,
				"cluster.hazelcast.address=127.0.0.1", "cluster.hazelcast.port=" + this.ports.get(name),
				"cluster.hazelcast.partition-group=" + partitionGroup));
		// The variables as the manifests set them from the downward API; a pod whose Node
		// has no zone label gets an empty CLUSTER_ZONE.
		Map<String, Object> variables = new LinkedHashMap<>(podVariables);
		variables.put("CLUSTER_ZONE", (zone != null) ? zone : "");
		variables.put("CLUSTER_NODE", node);
		ConfigurableApplicationContext member = new SpringApplicationBuilder(MemberApplication.class)
			.properties(properties.toArray(String[]::new))
			.initializers((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						"pod-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
			.run();
		this.members.put(name, member);
		return member;
	}

	HazelcastInstance hazelcast(String name) {
		return this.members.get(name).getBean(HazelcastInstance.class);
	}

	/**
	 * Stops a member the way a pod leaves in a rollout: it shuts down and says goodbye.
	 * @param name the member to stop
	 */
	void stop(String name) {
		this.members.remove(name).close();
	}

	/**
	 * Kills members at once, the way a zone goes down: no migration, no goodbye.
	 * @param names the members to kill
	 */
	void killAtOnce(List<String> names) {
		CompletableFuture
			.allOf(names.stream()
				.map((name) -> CompletableFuture.runAsync(() -> hazelcast(name).getLifecycleService().terminate()))
				.toArray(CompletableFuture[]::new))
			.join();
	}

	/**
	 * Returns, for every partition, the zones of its primary and first backup, as the
	 * member attributes tell.
	 * @param name the member whose partition table is read
	 * @return one {@code [primary zone, backup zone]} per partition
	 */
	List<List<String>> primaryAndBackupZones(String name) {
		return primaryAndBackup(name, MemberAttributes.ZONE);
	}

	/**
	 * Returns, for every partition, an attribute of its primary and of its first backup.
	 * @param name the member whose partition table is read
	 * @param attribute the member attribute, e.g. {@code cluster.node}
	 * @return one {@code [primary's, backup's]} per partition, {@code "null"} where the
	 * member lacks it
	 */
	List<List<String>> primaryAndBackup(String name, String attribute) {
		HazelcastInstance hazelcast = hazelcast(name);
		Map<UUID, String> zones = new LinkedHashMap<>();
		for (Member member : hazelcast.getCluster().getMembers()) {
			zones.put(member.getUuid(), String.valueOf(member.getAttribute(attribute)));
		}
		// The public PartitionService names only the owner; the backups are in the
		// internal table.
		InternalPartitionService partitions = ((HazelcastInstanceProxy) hazelcast).getOriginal().node
			.getPartitionService();
		List<List<String>> replicaZones = new ArrayList<>();
		for (int id = 0; id < partitions.getPartitionCount(); id++) {
			InternalPartition partition = partitions.getPartition(id);
			PartitionReplica primary = partition.getReplica(0);
			PartitionReplica backup = partition.getReplica(1);
			assertThat(primary).as("partition %d has a primary", id).isNotNull();
			assertThat(backup).as("partition %d has a backup", id).isNotNull();
			replicaZones.add(List.of(zones.get(primary.uuid()), zones.get(backup.uuid())));
		}
		return replicaZones;
	}

	JsonNode get(String name, String path) throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) this.members.get(name)).getWebServer().getPort();
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
		return json.readTree(response.body());
	}

	@Override
	public void close() {
		this.members.values().forEach(ConfigurableApplicationContext::close);
		this.dns.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MemberApplication {

	}

}
