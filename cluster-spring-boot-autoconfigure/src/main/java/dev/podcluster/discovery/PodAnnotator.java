package dev.podcluster.discovery;

import java.time.Duration;

import dev.podcluster.InvalidClusterConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Sets annotations on this member's own pod, through the Kubernetes API.
 *
 * @since 0.1.0
 */
public interface PodAnnotator extends AutoCloseable {

	/**
	 * Returns the pod annotated, {@code namespace/name}.
	 * @return the pod
	 */
	String pod();

	/**
	 * Sets an annotation, or removes it.
	 * @param name the annotation's name
	 * @param value its value, or {@code null} to remove it
	 * @throws PodAnnotationException when the API server refused, failed or was out of
	 * reach
	 */
	void annotate(String name, @Nullable String value) throws PodAnnotationException;

	@Override
	void close();

	/**
	 * Returns an annotator of the pod this process runs in, with a client configured as
	 * kubernetes-api discovery configures its own (the service account's token and CA).
	 * @param namespace the pod's namespace
	 * @param pod the pod's name
	 * @param timeout how long to wait for the API server to connect and answer
	 * @param loader the application's class loader
	 * @param property the property that asked for it, named when fabric8's client is
	 * missing
	 * @return the annotator
	 * @throws InvalidClusterConfigurationException when fabric8's client is not on the
	 * class path
	 */
	static PodAnnotator inCluster(String namespace, String pod, Duration timeout, @Nullable ClassLoader loader,
			String property) {
		return KubernetesApiDiscovery.podAnnotator(namespace, pod, timeout, loader, property);
	}

}
