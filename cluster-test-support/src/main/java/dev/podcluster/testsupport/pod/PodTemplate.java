package dev.podcluster.testsupport.pod;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.podcluster.testsupport.dns.ServicePort;

/**
 * What the pods of a workload are made from: the parts of a Kubernetes pod template the
 * emulation honours. The container is any command of this machine, run in the pod's
 * namespaces.
 *
 * @param command the container's command and its arguments
 * @param environment the container's own variables ({@code env} with a {@code value})
 * @param downwardApi variables from the downward API ({@code env} with a
 * {@code fieldRef}): variable name to field path, one of {@code metadata.name},
 * {@code metadata.namespace} and {@code status.podIP}
 * @param ports the named ports that the headless Service in front of the pods publishes,
 * each as SRV records
 * @param httpPort the container port that {@link Pod#get(String)} and the other HTTP
 * calls of a test go to
 * @param terminationGracePeriod {@code terminationGracePeriodSeconds}: how long after
 * SIGTERM a pod is SIGKILLed
 * @since 0.1.0
 */
public record PodTemplate(List<String> command, Map<String, String> environment, Map<String, String> downwardApi,
		List<ServicePort> ports, int httpPort, Duration terminationGracePeriod) {

	/** The field paths of the downward API that the kubelet here fills in. */
	static final Set<String> FIELD_PATHS = Set.of("metadata.name", "metadata.namespace", "status.podIP");

	public PodTemplate {
		command = List.copyOf(command);
		environment = Map.copyOf(environment);
		downwardApi = Map.copyOf(downwardApi);
		ports = List.copyOf(ports);
		if (command.isEmpty()) {
			throw new IllegalArgumentException("A container needs a command");
		}
		downwardApi.forEach((variable, fieldPath) -> {
			if (!FIELD_PATHS.contains(fieldPath)) {
				throw new IllegalArgumentException(
						"Field path '" + fieldPath + "' of " + variable + " is not one of " + FIELD_PATHS);
			}
		});
		if (httpPort < 1 || httpPort > 65535) {
			throw new IllegalArgumentException("HTTP port " + httpPort + " is outside 1-65535");
		}
		if (terminationGracePeriod.isNegative()) {
			throw new IllegalArgumentException("The termination grace period must not be negative");
		}
	}

	/**
	 * A template with Kubernetes' defaults: no variables, a Service without ports, HTTP
	 * calls to port 8080, a termination grace period of 30 s.
	 * @param command the container's command and its arguments
	 * @return the template
	 */
	public static PodTemplate of(List<String> command) {
		return new PodTemplate(command, Map.of(), Map.of(), List.of(), 8080, Duration.ofSeconds(30));
	}

	public PodTemplate withEnvironment(Map<String, String> environment) {
		return new PodTemplate(this.command, environment, this.downwardApi, this.ports, this.httpPort,
				this.terminationGracePeriod);
	}

	public PodTemplate withDownwardApi(Map<String, String> downwardApi) {
		return new PodTemplate(this.command, this.environment, downwardApi, this.ports, this.httpPort,
				this.terminationGracePeriod);
	}

	public PodTemplate withPorts(List<ServicePort> ports) {
		return new PodTemplate(this.command, this.environment, this.downwardApi, ports, this.httpPort,
				this.terminationGracePeriod);
	}

	public PodTemplate withHttpPort(int httpPort) {
		return new PodTemplate(this.command, this.environment, this.downwardApi, this.ports, httpPort,
				this.terminationGracePeriod);
	}

	public PodTemplate withTerminationGracePeriod(Duration terminationGracePeriod) {
		return new PodTemplate(this.command, this.environment, this.downwardApi, this.ports, this.httpPort,
				terminationGracePeriod);
	}

}
