package dev.podcluster.discovery;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.autoconfigure.ClusterProperties;
import dev.podcluster.naming.PodEnvironment;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * The annotator of this member's own pod, when
 * {@code cluster.kubernetes.pod-deletion-cost.enabled} is true: made with discovery, so a
 * missing Kubernetes client or pod name stops the start before the member joins.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(ClusterPropertyRules.KUBERNETES_POD_DELETION_COST_ENABLED)
final class PodAnnotatorConfiguration {

	@Bean(destroyMethod = "close")
	PodAnnotator clusterPodAnnotator(ClusterProperties properties, ClusterEnvironment cluster, Environment environment,
			ResourceLoader resources) {
		PodEnvironment pod = cluster.pod();
		// The downward API's name, else the host name, which is the pod's name unless
		// the pod sets spec.hostname.
		String name = environment.getProperty("POD_NAME", (pod.hostname() != null) ? pod.hostname() : "").trim();
		String namespace = pod.namespace();
		if (name.isEmpty() || namespace == null) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.KUBERNETES_POD_DELETION_COST_ENABLED,
					"annotating this pod needs its name and namespace, and "
							+ (name.isEmpty() ? "no name" : "no namespace") + " is known"
							+ (pod.onKubernetes() ? "" : " (this does not run on Kubernetes)"),
					"Set POD_NAME (fieldRef metadata.name) and NAMESPACE (fieldRef metadata.namespace) from the"
							+ " downward API, or set " + ClusterPropertyRules.KUBERNETES_POD_DELETION_COST_ENABLED
							+ " to false outside Kubernetes.");
		}
		return PodAnnotator.inCluster(namespace, name, properties.discovery().kubernetesApi().timeout(),
				resources.getClassLoader(), ClusterPropertyRules.KUBERNETES_POD_DELETION_COST_ENABLED);
	}

}
