package dev.podcluster.naming;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/**
 * What a process can learn about its pod or machine: host names from the UTS namespace and
 * {@code /etc/hosts}, and the pod IP from the downward API.
 *
 * @param hostname the host name, as {@code hostname} prints it (the pod name on Kubernetes)
 * @param canonicalHostName the fully qualified name, as {@code hostname -f} prints it
 * @param hostAddress the address the host name resolves to
 * @param podIp the {@code POD_IP} environment variable, from the downward API's {@code status.podIP}
 * @since 0.1.0
 */
public record PodEnvironment(@Nullable String hostname, @Nullable String canonicalHostName,
		@Nullable InetAddress hostAddress, @Nullable String podIp) {

	/**
	 * Reads the environment of this process.
	 * @param podIp the value of {@code POD_IP}, if set
	 * @param hostnameVariable the value of {@code HOSTNAME}, used when the host name does not resolve
	 * @return what the host names and the pod IP say
	 */
	public static PodEnvironment detect(@Nullable String podIp, @Nullable String hostnameVariable) {
		try {
			InetAddress local = InetAddress.getLocalHost();
			// The same resolution `hostname -f` does: host name -> address -> canonical name, via /etc/hosts first.
			return new PodEnvironment(local.getHostName(), local.getCanonicalHostName(), local, podIp);
		}
		catch (UnknownHostException ex) {
			return new PodEnvironment(hostnameVariable, null, null, podIp);
		}
	}

}
