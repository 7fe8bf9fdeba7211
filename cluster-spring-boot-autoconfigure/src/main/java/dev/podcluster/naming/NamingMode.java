package dev.podcluster.naming;

import java.util.Locale;

/**
 * How a node's name is chosen.
 *
 * @since 0.1.0
 */
public enum NamingMode {

	/**
	 * StatefulSet pod FQDN when the pod is one, else the pod-IP name when {@code POD_IP}
	 * is set, else the host name.
	 */
	AUTO,

	/** The StatefulSet pod FQDN, {@code <pod>.<service>.<namespace>.svc.<domain>}. */
	STATEFULSET,

	/**
	 * The name CoreDNS gives a Deployment pod,
	 * {@code a-b-c-d.<service>.<namespace>.svc.<domain>}.
	 */
	POD_IP,

	/**
	 * The machine's host name, fully qualified when {@code /etc/hosts} or DNS gives it
	 * so.
	 */
	HOST,

	/** The name set in {@code cluster.naming.name}. */
	EXPLICIT;

	/**
	 * Returns the name as written in configuration, e.g. {@code pod-ip}.
	 * @return the configuration form of this mode
	 */
	public String configValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
