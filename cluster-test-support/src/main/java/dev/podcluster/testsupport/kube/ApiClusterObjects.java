package dev.podcluster.testsupport.kube;

import java.util.List;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jspecify.annotations.Nullable;

/**
 * ConfigMaps, Secrets and Services read from the API server when a container starts.
 */
final class ApiClusterObjects implements ClusterObjects {

	private final KubernetesClient client;

	ApiClusterObjects(KubernetesClient client) {
		this.client = client;
	}

	@Override
	public @Nullable ConfigMap configMap(String namespace, String name) {
		return this.client.configMaps().inNamespace(namespace).withName(name).get();
	}

	@Override
	public @Nullable Secret secret(String namespace, String name) {
		return this.client.secrets().inNamespace(namespace).withName(name).get();
	}

	@Override
	public List<Service> services(String namespace) {
		return this.client.services().inNamespace(namespace).list().getItems();
	}

}
