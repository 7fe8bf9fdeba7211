package dev.podcluster.naming;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.ResolverConfig;

/**
 * What a process can learn about its pod or machine, read once: host names from the UTS
 * namespace and {@code /etc/hosts}, the downward-API variables, the service account's
 * namespace, and the resolv.conf search list.
 *
 * @param hostname the host name, as {@code hostname} prints it (the pod name on
 * Kubernetes)
 * @param canonicalHostName the fully qualified name, as {@code hostname -f} prints it
 * @param hostAddress the address the host name resolves to
 * @param podIp the {@code POD_IP} environment variable, from the downward API's
 * {@code status.podIP}
 * @param namespace the pod's namespace: the {@code NAMESPACE} or {@code POD_NAMESPACE}
 * variable, the service account's namespace, or the one kubelet puts first in the search
 * list; {@code null} when nothing tells
 * @param clusterDomain the cluster DNS domain from the search list
 * ({@code svc.<domain>}), or {@code null}
 * @param onKubernetes whether {@code KUBERNETES_SERVICE_HOST} is set, as it is in every
 * pod
 * @since 0.1.0
 */
public record PodEnvironment(@Nullable String hostname, @Nullable String canonicalHostName,
		@Nullable InetAddress hostAddress, @Nullable String podIp, @Nullable String namespace,
		@Nullable String clusterDomain, boolean onKubernetes) {

	private static final Path SERVICE_ACCOUNT_NAMESPACE = Path
		.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

	/**
	 * Reads the environment of this process.
	 * @param variables the environment variables (or what stands for them, such as
	 * Spring's {@code Environment})
	 * @return what the pod tells
	 */
	public static PodEnvironment detect(Function<String, @Nullable String> variables) {
		// dnsjava's view of resolv.conf, the same one its lookups use.
		List<String> searchPath = ResolverConfig.getCurrentConfig()
			.searchPath()
			.stream()
			.map((name) -> name.toString(true))
			.toList();
		return detect(variables, searchPath, SERVICE_ACCOUNT_NAMESPACE);
	}

	static PodEnvironment detect(Function<String, @Nullable String> variables, List<String> searchPath,
			Path namespaceFile) {
		String podIp = variables.apply("POD_IP");
		String namespace = namespace(variables, namespaceFile, searchPath);
		String clusterDomain = clusterDomain(searchPath);
		boolean onKubernetes = hasText(variables.apply("KUBERNETES_SERVICE_HOST"));
		try {
			InetAddress local = InetAddress.getLocalHost();
			// The same resolution `hostname -f` does: host name -> address -> canonical
			// name, via /etc/hosts first.
			return new PodEnvironment(local.getHostName(), local.getCanonicalHostName(), local, podIp, namespace,
					clusterDomain, onKubernetes);
		}
		catch (UnknownHostException ex) {
			return new PodEnvironment(variables.apply("HOSTNAME"), null, null, podIp, namespace, clusterDomain,
					onKubernetes);
		}
	}

	private static @Nullable String namespace(Function<String, @Nullable String> variables, Path namespaceFile,
			List<String> searchPath) {
		for (String variable : List.of("NAMESPACE", "POD_NAMESPACE")) {
			String value = variables.apply(variable);
			if (hasText(value)) {
				return value.trim();
			}
		}
		try {
			if (Files.isReadable(namespaceFile)) {
				return Files.readString(namespaceFile).trim();
			}
		}
		catch (IOException ex) {
			// fall through to the search list
		}
		// kubelet puts "<namespace>.svc.<domain>" first in the pod's search list.
		if (!searchPath.isEmpty() && searchPath.get(0).contains(".svc.")) {
			return searchPath.get(0).substring(0, searchPath.get(0).indexOf(".svc."));
		}
		return null;
	}

	private static @Nullable String clusterDomain(List<String> searchPath) {
		for (String entry : searchPath) {
			if (entry.startsWith("svc.")) {
				return ServiceLocation.withoutTrailingDot(entry.substring("svc.".length()));
			}
		}
		return null;
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
