package dev.podcluster.discovery;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.naming.ServiceLocation;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A failed request to the Kubernetes API, in the user's words: a refusal names the verb,
 * the resource and the Role to apply; a server out of reach says so.
 */
final class KubernetesApiFailures {

	/** Where the Role this mode needs ships. */
	static final String ROLE = "sample-app/k8s/components/kubernetes-api";

	private KubernetesApiFailures() {
	}

	/**
	 * Returns the failure of a request.
	 * @param verb what was asked: {@code list} or {@code watch} (EndpointSlices),
	 * {@code get} (the Service)
	 * @param service the headless Service
	 * @param ex the client's failure
	 * @return the failure, with the fix when there is one
	 */
	static SeedLookupException of(String verb, ServiceLocation service, KubernetesClientException ex) {
		String resource = verb.equals("get") ? "services" : "endpointslices.discovery.k8s.io";
		String namespace = service.namespace();
		String status = (ex.getStatus() != null && ex.getStatus().getMessage() != null) ? ex.getStatus().getMessage()
				: String.valueOf(rootCause(ex).getMessage());
		if (ex.getCode() <= 0) {
			// No HTTP answer at all: the client could not connect, or timed out.
			return new SeedLookupException("the Kubernetes API server could not be reached to " + verb + " " + resource
					+ ": " + describe(rootCause(ex)), null, ex);
		}
		return switch (ex.getCode()) {
			case 403 -> new SeedLookupException(
					"the Kubernetes API refused to " + verb + " " + resource + " in namespace " + namespace
							+ " (403 Forbidden: " + status + ")",
					"Grant this pod's service account get, list and watch on endpointslices (API group"
							+ " discovery.k8s.io) and get on services in namespace " + namespace
							+ ": apply the Role and RoleBinding of " + ROLE + " (docs/kubernetes.md), or set "
							+ ClusterPropertyRules.DISCOVERY_MODE + " to dns-srv, which needs no RBAC.",
					ex);
			case 401 -> new SeedLookupException(
					"the Kubernetes API did not accept this pod's credentials to " + verb + " " + resource
							+ " (401 Unauthorized: " + status + ")",
					"Let the pod mount its service account token (automountServiceAccountToken must not be false).",
					ex);
			default -> new SeedLookupException("the Kubernetes API failed to " + verb + " " + resource
					+ " in namespace " + namespace + " (" + ex.getCode() + ": " + status + ")", null, ex);
		};
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String describe(Throwable cause) {
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

}
