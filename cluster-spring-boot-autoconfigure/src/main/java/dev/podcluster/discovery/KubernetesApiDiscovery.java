package dev.podcluster.discovery;

import java.time.Duration;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.naming.ServiceLocation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Builds the Kubernetes API mode's provider, once fabric8's client is known to be on the
 * class path: no signature here names a fabric8 type, so a DNS-mode application, which
 * has none, never loads one.
 */
final class KubernetesApiDiscovery {

	/** The dependencies this mode needs, as a user adds them. */
	static final String DEPENDENCIES = "io.fabric8:kubernetes-client (excluding io.fabric8:kubernetes-httpclient-vertx-5)"
			+ " and io.fabric8:kubernetes-httpclient-jdk, version 8.0.0 or the one your build manages";

	private KubernetesApiDiscovery() {
	}

	/**
	 * Returns the provider, with a client configured as fabric8 configures itself in a
	 * pod: the service account's token, CA certificate and the API server from
	 * {@code KUBERNETES_SERVICE_HOST} (or a kubeconfig outside a pod).
	 * @param service the headless Service
	 * @param portName {@code cluster.discovery.kubernetes-api.port-name}
	 * @param port the member port
	 * @param family the family of this node's own address, or {@code null}
	 * @param timeout how long to wait for the API server to connect and answer
	 * @param loader the application's class loader
	 * @return the provider
	 * @throws InvalidClusterConfigurationException when fabric8's client is missing
	 */
	static SeedProvider seedProvider(ServiceLocation service, String portName, int port, @Nullable AddressFamily family,
			Duration timeout, @Nullable ClassLoader loader) {
		requireClient(loader, ClusterPropertyRules.DISCOVERY_MODE, "kubernetes-api discovery",
				"or set " + ClusterPropertyRules.DISCOVERY_MODE + " to dns-srv, which needs no Kubernetes client.");
		return KubernetesApiSeedProvider.inCluster(service, portName.trim(), port, family, timeout);
	}

	/**
	 * Returns the annotator of this member's own pod.
	 * @param namespace the pod's namespace
	 * @param pod the pod's name
	 * @param timeout how long to wait for the API server to connect and answer
	 * @param loader the application's class loader
	 * @param property the property that turned the annotations on
	 * @return the annotator
	 * @throws InvalidClusterConfigurationException when fabric8's client is missing
	 */
	static PodAnnotator podAnnotator(String namespace, String pod, Duration timeout, @Nullable ClassLoader loader,
			String property) {
		requireClient(loader, property, "annotating this pod with its deletion cost",
				"or set " + property + " to false.");
		try {
			return new KubernetesPodAnnotator(KubernetesApiClient.inCluster(timeout), namespace, pod,
					KubernetesApiFailures.tokenProblem());
		}
		catch (RuntimeException ex) {
			throw new InvalidClusterConfigurationException(property,
					"annotating this pod with its deletion cost cannot create a Kubernetes client: " + ex.getMessage(),
					"Add " + DEPENDENCIES + " to the application's dependencies (docs/kubernetes.md).");
		}
	}

	private static void requireClient(@Nullable ClassLoader loader, String property, String feature,
			String alternative) {
		if (!ClassUtils.isPresent("io.fabric8.kubernetes.client.KubernetesClientBuilder", loader)
				|| !ClassUtils.isPresent("io.fabric8.kubernetes.client.impl.KubernetesClientImpl", loader)) {
			throw new InvalidClusterConfigurationException(property,
					feature + " needs fabric8's Kubernetes client, and it is not on the class path",
					"Add " + DEPENDENCIES + " to the application's dependencies (docs/kubernetes.md), " + alternative);
		}
	}

}
