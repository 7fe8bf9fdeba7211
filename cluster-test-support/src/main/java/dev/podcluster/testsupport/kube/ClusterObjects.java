package dev.podcluster.testsupport.kube;

import java.util.List;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import org.jspecify.annotations.Nullable;

/**
 * The API objects a pod's environment and volumes are made from.
 */
interface ClusterObjects {

	@Nullable ConfigMap configMap(String namespace, String name);

	@Nullable Secret secret(String namespace, String name);

	/**
	 * Services of a namespace.
	 * @param namespace the namespace
	 * @return its services
	 */
	List<Service> services(String namespace);

}
