package dev.podcluster.testsupport.kube;

import io.fabric8.kubernetes.api.model.Pod;
import org.jspecify.annotations.Nullable;

/**
 * A pod's host name and domain as kubelet derives them: {@code spec.hostname} or the pod
 * name cut to 63 characters, and {@code <subdomain>.<namespace>.svc.<cluster domain>}
 * when {@code spec.subdomain} is set.
 *
 * @param hostname the host name
 * @param domain the domain, or {@code null} without a subdomain
 */
record PodHostname(String hostname, @Nullable String domain) {

	private static final int MAX_LENGTH = 63;

	static PodHostname of(Pod pod, String clusterDomain) {
		String hostname = pod.getSpec().getHostname();
		if (hostname == null || hostname.isEmpty()) {
			hostname = truncate(pod.getMetadata().getName());
		}
		String subdomain = pod.getSpec().getSubdomain();
		String domain = (subdomain == null || subdomain.isEmpty()) ? null
				: subdomain + "." + pod.getMetadata().getNamespace() + ".svc." + clusterDomain;
		return new PodHostname(hostname, domain);
	}

	/** The fully qualified name, or the host name alone without a domain. */
	String fqdn() {
		return (this.domain != null) ? this.hostname + "." + this.domain : this.hostname;
	}

	// As kubelet: cut to 63 characters, then drop trailing '-' and '.' so the name stays
	// valid.
	static String truncate(String name) {
		if (name.length() <= MAX_LENGTH) {
			return name;
		}
		String cut = name.substring(0, MAX_LENGTH);
		int end = cut.length();
		while (end > 0 && (cut.charAt(end - 1) == '-' || cut.charAt(end - 1) == '.')) {
			end--;
		}
		return cut.substring(0, end);
	}

}
