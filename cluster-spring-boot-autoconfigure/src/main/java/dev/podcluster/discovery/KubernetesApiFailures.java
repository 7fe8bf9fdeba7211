package dev.podcluster.discovery;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.naming.ServiceLocation;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jspecify.annotations.Nullable;

/**
 * A failed request to the Kubernetes API, in the user's words: a refusal names the verb,
 * the resource and the Role to apply; a server out of reach says so.
 */
final class KubernetesApiFailures {

	/** Where the Role this mode needs ships. */
	static final String ROLE = "sample-app/k8s/components/kubernetes-api";

	/** Where the Role that lets a member annotate its own pod ships. */
	static final String POD_DELETION_COST_ROLE = "sample-app/k8s/components/pod-deletion-cost";

	private static final Path TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

	private static final String TOKEN_FIX = "Let the pod mount its service account token"
			+ " (automountServiceAccountToken must not be false); a pod that runs as one user (runAsUser) gets it as"
			+ " that user's file, else set fsGroup to a group of the user's.";

	private KubernetesApiFailures() {
	}

	/**
	 * Returns the failure of a discovery request.
	 * @param verb what was asked: {@code list} or {@code watch} (EndpointSlices),
	 * {@code get} (the Service)
	 * @param service the headless Service
	 * @param ex the client's failure
	 * @param credentials why this pod has no credentials (see {@link #tokenProblem()}),
	 * or {@code null}
	 * @return the failure, with the fix when there is one
	 */
	static SeedLookupException of(String verb, ServiceLocation service, KubernetesClientException ex,
			@Nullable String credentials) {
		String resource = verb.equals("get") ? "services" : "endpointslices.discovery.k8s.io";
		String namespace = service.namespace();
		return of(verb, resource, namespace,
				"Grant this pod's service account get, list and watch on endpointslices"
						+ " (API group discovery.k8s.io) and get on services in namespace " + namespace
						+ ": apply the Role and RoleBinding of " + ROLE + " (docs/kubernetes.md), or set "
						+ ClusterPropertyRules.DISCOVERY_MODE + " to dns-srv, which needs no RBAC.",
				ex, credentials);
	}

	/**
	 * Returns the failure of a patch of this member's own pod, which annotates it with
	 * its deletion cost.
	 * @param namespace the pod's namespace
	 * @param ex the client's failure
	 * @param credentials why this pod has no credentials (see {@link #tokenProblem()}),
	 * or {@code null}
	 * @return the failure, with the fix when there is one
	 */
	static SeedLookupException ofPodPatch(String namespace, KubernetesClientException ex,
			@Nullable String credentials) {
		return of("patch", "pods", namespace, "Grant this pod's service account patch on pods in namespace " + namespace
				+ ": apply the Role and RoleBinding of " + POD_DELETION_COST_ROLE + " (docs/kubernetes.md), or set "
				+ ClusterPropertyRules.KUBERNETES_POD_DELETION_COST_ENABLED + " to false.", ex, credentials);
	}

	private static SeedLookupException of(String verb, String resource, String namespace, String forbiddenFix,
			KubernetesClientException ex, @Nullable String credentials) {
		String status = (ex.getStatus() != null && ex.getStatus().getMessage() != null) ? ex.getStatus().getMessage()
				: String.valueOf(rootCause(ex).getMessage());
		if (credentials != null && (ex.getCode() <= 0 || ex.getCode() == 401)) {
			// An anonymous request: the API server may refuse it or drop the connection.
			return new SeedLookupException("the Kubernetes API did not answer a request to " + verb + " " + resource
					+ " (" + ((ex.getCode() > 0) ? ex.getCode() + ": " + status : describe(rootCause(ex))) + "), and "
					+ credentials, TOKEN_FIX, ex);
		}
		if (ex.getCode() <= 0) {
			// No HTTP answer at all: the client could not connect, or timed out.
			return new SeedLookupException("the Kubernetes API server could not be reached to " + verb + " " + resource
					+ ": " + describe(rootCause(ex)), null, ex);
		}
		return switch (ex.getCode()) {
			case 403 -> new SeedLookupException("the Kubernetes API refused to " + verb + " " + resource
					+ " in namespace " + namespace + " (403 Forbidden: " + status + ")", forbiddenFix, ex);
			case 401 -> new SeedLookupException("the Kubernetes API did not accept this pod's credentials to " + verb
					+ " " + resource + " (401 Unauthorized: " + status + ")", TOKEN_FIX, ex);
			default -> new SeedLookupException("the Kubernetes API failed to " + verb + " " + resource
					+ " in namespace " + namespace + " (" + ex.getCode() + ": " + status + ")", null, ex);
		};
	}

	/**
	 * Returns why this pod has no service account token to send, or {@code null} when it
	 * has one or does not run in a pod.
	 * @return the problem, in the user's words
	 */
	static @Nullable String tokenProblem() {
		if (System.getenv("KUBERNETES_SERVICE_HOST") == null) {
			return null;
		}
		if (!Files.exists(TOKEN)) {
			return "this pod has no service account token at " + TOKEN;
		}
		return Files.isReadable(TOKEN) ? null
				: "this pod's user cannot read its service account token " + TOKEN + " (owned by another user)";
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
