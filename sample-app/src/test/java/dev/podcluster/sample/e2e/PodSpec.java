package dev.podcluster.sample.e2e;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a pod is made from: the parts of a Kubernetes pod spec the emulation honours.
 *
 * @param name the pod's name ({@code metadata.name})
 * @param namespace its Kubernetes namespace
 * @param hostname {@code spec.hostname}: a StatefulSet sets it to the pod's name; {@code null} for the pod name
 * @param subdomain {@code spec.subdomain}: a StatefulSet sets it to its {@code serviceName}
 * @param environment the container's own variables (the kubelet adds the downward API and service ones)
 * @param command the container's command
 */
record PodSpec(String name, String namespace, @Nullable String hostname, @Nullable String subdomain,
		Map<String, String> environment, List<String> command) {

	PodSpec {
		environment = Map.copyOf(environment);
		command = List.copyOf(command);
	}

	/** The pod's hostname as the kubelet sets it in its UTS namespace. */
	String effectiveHostname() {
		String host = (this.hostname != null) ? this.hostname : this.name;
		return (host.length() > 63) ? host.substring(0, 63) : host;
	}

}
