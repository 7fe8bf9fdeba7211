package dev.podcluster.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged sample app whose image the pods of its manifests ({@code sample-app/k8s})
 * run, and its ports. The jar is the one Maven copies to {@code target/sample-app.jar},
 * or {@code -De2e.jar=...}.
 */
public final class SampleApp {

	/** The container's {@code http} port. */
	static final int HTTP_PORT = 8080;

	/**
	 * The container's {@code management} port: actuator ({@code /actuator/**}), which the
	 * manifests keep off the HTTP Service ({@code MANAGEMENT_SERVER_PORT} in their
	 * ConfigMap).
	 */
	static final int MANAGEMENT_PORT = 8081;

	/** The container's {@code hazelcast} port, the one port of its headless Service. */
	static final int HAZELCAST_PORT = 5701;

	static final JsonMapper JSON = JsonMapper.builder().build();

	private SampleApp() {
	}

	/**
	 * The port that serves a path: the management port for actuator, else the HTTP port.
	 * @param path the request's path
	 * @return the container port
	 */
	static int port(String path) {
		return path.startsWith("/actuator") ? MANAGEMENT_PORT : HTTP_PORT;
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
