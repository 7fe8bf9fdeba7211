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
		return new KubernetesClientBuilder().withConfig(config(Config.autoConfigure(null), timeout)).build();
	}

	/**
	 * The client's settings: the timeouts, and neither a retry nor a reconnect inside the
	 * client. When a watch breaks, its owner lists again, and a request that fails (the
	 * API server stopped) is shown and backed off from like any failed request; with the
	 * client's own retries (ten, about 20 s) a lookup would wait out an outage of that
	 * length and show nothing.
	 * @param base the API server, credentials and namespace
	 * @param timeout how long to wait for the API server to connect and answer
	 * @return the settings
	 */
	static Config config(Config base, Duration timeout) {
		int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
		return new ConfigBuilder(base).withConnectionTimeout(millis)
			.withRequestTimeout(millis)
			.withRequestRetryBackoffLimit(0)
			.withWatchReconnectLimit(0)
			.build();
	}

}
