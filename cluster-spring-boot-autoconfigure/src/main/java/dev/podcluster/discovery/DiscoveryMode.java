package dev.podcluster.discovery;

import java.util.Locale;

/**
 * Where seeds come from.
 *
 * @since 0.1.0
 */
public enum DiscoveryMode {

	/**
	 * {@link #DNS_SRV} on Kubernetes ({@code KUBERNETES_SERVICE_HOST} is set), else
	 * {@link #STATIC}.
	 */
	AUTO,

	/** SRV records of the headless Service, polled. */
	DNS_SRV,

	/**
	 * The EndpointSlices of the headless Service, watched through the Kubernetes API
	 * (fabric8's client on the class path, and RBAC to read them).
	 */
	KUBERNETES_API,

	/** A fixed list of {@code host[:port[-port]]} members. */
	STATIC,

	/** No discovery: the member runs alone. */
	NONE;

	/**
	 * Returns the name as written in configuration, e.g. {@code dns-srv}.
	 * @return the configuration form of this mode
	 */
	public String configValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
