package dev.podcluster.discovery;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.jspecify.annotations.Nullable;

/**
 * Annotates this member's own pod with a JSON merge patch: one request, which needs
 * {@code patch} on {@code pods} and nothing else (no read first), and touches no other
 * annotation.
 */
final class KubernetesPodAnnotator implements PodAnnotator {

	private final KubernetesClient client;

	private final String namespace;

	private final String pod;

	/** The pod by name only: what the patch is addressed to. */
	private final Pod stub;

	/** Why this pod has no credentials for the API server, or {@code null}. */
	private final @Nullable String credentials;

	/**
	 * Creates an annotator.
	 * @param client the Kubernetes client, closed with this annotator
	 * @param namespace the pod's namespace
	 * @param pod the pod's name
	 * @param credentials why this pod has no credentials, or {@code null}
	 */
	KubernetesPodAnnotator(KubernetesClient client, String namespace, String pod, @Nullable String credentials) {
		this.client = client;
		this.namespace = namespace;
		this.pod = pod;
		this.credentials = credentials;
		this.stub = new PodBuilder().withNewMetadata().withName(pod).withNamespace(namespace).endMetadata().build();
	}

	@Override
	public String pod() {
		return this.namespace + "/" + this.pod;
	}

	@Override
	public void annotate(String name, @Nullable String value) throws PodAnnotationException {
		String patch = "{\"metadata\":{\"annotations\":{" + quoted(name) + ":"
				+ ((value != null) ? quoted(value) : "null") + "}}}";
		try {
			// On a resource named by an object, not by withName: fabric8 then sends the
			// patch alone, with no GET first (which would need get on pods too).
			this.client.pods()
				.inNamespace(this.namespace)
				.resource(this.stub)
				.patch(PatchContext.of(PatchType.JSON_MERGE), patch);
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() == 404) {
				throw new PodAnnotationException("pod " + pod() + " does not exist",
						"Set POD_NAME from the downward API (fieldRef metadata.name) when the pod's host name is not"
								+ " its name, and NAMESPACE (fieldRef metadata.namespace).",
						ex);
			}
			SeedLookupException failure = KubernetesApiFailures.ofPodPatch(this.namespace, ex, this.credentials);
			throw new PodAnnotationException(String.valueOf(failure.getMessage()), failure.fix(), ex);
		}
	}

	/** A JSON string of a name or value we chose: letters, digits and {@code ./-}. */
	private static String quoted(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	@Override
	public void close() {
		this.client.close();
	}

}
