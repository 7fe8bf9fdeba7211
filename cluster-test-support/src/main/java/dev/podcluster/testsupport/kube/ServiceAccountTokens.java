package dev.podcluster.testsupport.kube;

import java.util.List;
import java.util.function.BiFunction;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Service account tokens for projected volumes, from the TokenRequest API and bound to
 * the pod, as kubelet requests them.
 */
final class ServiceAccountTokens implements BiFunction<ServiceAccountTokenProjection, Pod, String> {

	private static final long DEFAULT_EXPIRATION_SECONDS = 3600;

	private final KubernetesClient client;

	ServiceAccountTokens(KubernetesClient client) {
		this.client = client;
	}

	@Override
	public String apply(ServiceAccountTokenProjection projection, Pod pod) {
		String account = pod.getSpec().getServiceAccountName();
		if (account == null || account.isEmpty()) {
			account = "default";
		}
		List<String> audiences = (projection.getAudience() != null && !projection.getAudience().isEmpty())
				? List.of(projection.getAudience()) : List.of();
		long expiration = (projection.getExpirationSeconds() != null) ? projection.getExpirationSeconds()
				: DEFAULT_EXPIRATION_SECONDS;
		TokenRequest request = new TokenRequestBuilder().withNewSpec()
			.withAudiences(audiences)
			.withExpirationSeconds(expiration)
			.withNewBoundObjectRef()
			.withApiVersion("v1")
			.withKind("Pod")
			.withName(pod.getMetadata().getName())
			.withUid(pod.getMetadata().getUid())
			.endBoundObjectRef()
			.endSpec()
			.build();
		try {
			TokenRequest issued = this.client.serviceAccounts()
				.inNamespace(pod.getMetadata().getNamespace())
				.withName(account)
				.tokenRequest(request);
			return issued.getStatus().getToken();
		}
		catch (KubernetesClientException ex) {
			throw new VolumeSetupException(
					"failed to fetch token: serviceaccounts \"" + account + "\": " + ex.getMessage());
		}
	}

}
