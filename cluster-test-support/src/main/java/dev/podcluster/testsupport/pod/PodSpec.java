package dev.podcluster.testsupport.pod;

import org.jspecify.annotations.Nullable;

/**
 * What a pod is made from: the parts of a Kubernetes pod spec the emulation honours.
 *
 * @param name the pod's name ({@code metadata.name})
 * @param namespace its Kubernetes namespace
 * @param hostname {@code spec.hostname}: a StatefulSet sets it to the pod's name;
 * {@code null} for the pod name
 * @param subdomain {@code spec.subdomain}: a StatefulSet sets it to its
 * {@code serviceName}
 * @param template its container, from the workload's template
 * @since 0.1.0
 */
public record PodSpec(String name, String namespace, @Nullable String hostname, @Nullable String subdomain,
		PodTemplate template) {

	/**
	 * The pod's hostname as the kubelet sets it in its UTS namespace.
	 * @return {@code spec.hostname}, else the pod's name, cut at 63 characters
	 */
	public String effectiveHostname() {
		String host = (this.hostname != null) ? this.hostname : this.name;
		return (host.length() > 63) ? host.substring(0, 63) : host;
	}

}
