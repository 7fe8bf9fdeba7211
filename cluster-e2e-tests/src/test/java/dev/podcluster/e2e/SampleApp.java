package dev.podcluster.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.podcluster.testsupport.dns.ServicePort;
import dev.podcluster.testsupport.pod.Pod;
import dev.podcluster.testsupport.pod.PodTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged sample app as the pods of its manifests ({@code sample-app/k8s}) run it,
 * and what the tests read from its HTTP API. The jar is the one Maven copies to
 * {@code target/sample-app.jar}, or {@code -De2e.jar=...}.
 */
public final class SampleApp {

	/** The container's {@code http} port. */
	static final int HTTP_PORT = 8080;

	/** The container's {@code hazelcast} port, the one port of its headless Service. */
	static final int HAZELCAST_PORT = 5701;

	static final JsonMapper JSON = JsonMapper.builder().build();

	private SampleApp() {
	}

	/**
	 * The sample's pods: the jar with a small heap (several pods share 2 cores), the
	 * downward-API variables of its manifests, the {@code hazelcast} port of
	 * {@code k8s/base/service-cluster.yaml} and 60 s to shut down.
	 * @param environment the container's variables besides the downward API
	 * @return the pod template
	 */
	public static PodTemplate pod(Map<String, String> environment) {
		return PodTemplate.of(command())
			.withEnvironment(environment)
			.withDownwardApi(
					Map.of("POD_IP", "status.podIP", "POD_NAME", "metadata.name", "NAMESPACE", "metadata.namespace"))
			.withPorts(List.of(new ServicePort("hazelcast", "tcp", HAZELCAST_PORT)))
			.withHttpPort(HTTP_PORT)
			.withTerminationGracePeriod(Duration.ofSeconds(60));
	}

	/**
	 * The container command.
	 * @return {@code java} with a small heap, {@code -jar} and the sample jar
	 */
	public static List<String> command() {
		return List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar().toString());
	}

	/**
	 * The {@code java} of this JVM, for commands in pods.
	 * @return its path
	 */
	public static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * The pod's Hazelcast address as members report it.
	 * @param pod the pod
	 * @return {@code <pod IP>:5701}
	 */
	public static String memberAddress(Pod pod) {
		return pod.ip() + ":" + HAZELCAST_PORT;
	}

	/**
	 * GET a JSON document.
	 * @param pod the pod
	 * @param path the path
	 * @return the document
	 * @throws IllegalStateException unless the answer is 2xx
	 */
	public static JsonNode json(Pod pod, String path) {
		HttpResponse<String> response = pod.get(path);
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(
					"GET " + response.uri() + " answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	/**
	 * The pod's health.
	 * @param pod the pod
	 * @return the status at {@code /actuator/health}, whatever the HTTP status
	 */
	static String healthStatus(Pod pod) {
		HttpResponse<String> response = pod.get("/actuator/health");
		return JSON.readTree(response.body()).path("status").asString();
	}

	/**
	 * The value of the shared counter.
	 * @param pod the pod asked
	 * @return its {@code GET /counter}
	 */
	static long counter(Pod pod) {
		return json(pod, "/counter").path("value").asLong();
	}

	/**
	 * Increment the shared counter.
	 * @param pod the pod asked
	 * @return the new value
	 */
	static long incrementCounter(Pod pod) {
		HttpResponse<String> response = pod.post("/counter", "{}");
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(
					"POST /counter on " + pod + " answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body()).path("value").asLong();
	}

	/**
	 * The size of the distributed map.
	 * @param pod the pod asked
	 * @return its {@code GET /entries} size
	 */
	static int entryCount(Pod pod) {
		return json(pod, "/entries").path("size").asInt();
	}

	static Path jar() {
		String configured = System.getProperty("e2e.jar");
		Path jar = (configured != null && !configured.isBlank()) ? Path.of(configured).toAbsolutePath()
				: Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/sample-app.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("The sample app jar is not at " + jar + ": Maven copies it there before"
					+ " the suite runs, e.g. `./mvnw -pl cluster-e2e-tests -am verify` (or point -De2e.jar=... at it)");
		}
		return jar;
	}

}
