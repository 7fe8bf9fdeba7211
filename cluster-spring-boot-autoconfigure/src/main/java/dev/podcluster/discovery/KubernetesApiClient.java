package dev.podcluster.discovery;

import java.time.Duration;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The Kubernetes client of this starter, one configuration for every use of the API:
 * configured as fabric8 configures itself in a pod (the service account's token, CA
 * certificate and namespace, the API server from {@code KUBERNETES_SERVICE_HOST}, or a
 * kubeconfig outside a pod), with our timeouts.
 */
final class KubernetesApiClient {

	private KubernetesApiClient() {
	}

	/**
	 * Returns a new client.
	 * @param timeout how long to wait for the API server to connect and answer
	 * @return the client, for its caller to close
	 */
	static KubernetesClient inCluster(Duration timeout) {
		int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
		// No reconnect inside the client: when a watch breaks, its owner lists again, and
		// a failure there is shown and backed off from like any failed request.
		Config config = new ConfigBuilder(Config.autoConfigure(null)).withConnectionTimeout(millis)
			.withRequestTimeout(millis)
			.withWatchReconnectLimit(0)
			.build();
		return new KubernetesClientBuilder().withConfig(config).build();
	}

}
