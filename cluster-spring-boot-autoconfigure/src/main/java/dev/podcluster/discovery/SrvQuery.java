package dev.podcluster.discovery;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.InvalidClusterConfigurationException;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * What DNS SRV discovery looks up: an SRV name, and the bare Service name to ask when
 * that name has no records. Shown as the SRV name, e.g.
 * {@code _hazelcast._tcp.app.default.svc.cluster.local.}; the DNS names themselves stay
 * inside discovery.
 */
final class SrvQuery {

	private final Name name;

	private final @Nullable Name fallback;

	private final boolean bareService;

	private final @Nullable Name domain;

	/**
	 * Creates a query whose targets may be anywhere.
	 * @param name the absolute SRV name
	 * @param fallback the absolute bare Service name, or {@code null} when there is
	 * nothing to fall back to
	 * @param bareService whether {@code name} is a bare Service name, whose answer holds
	 * every port of the Service, so only the records on the Hazelcast port count
	 */
	SrvQuery(Name name, @Nullable Name fallback, boolean bareService) {
		this(name, fallback, bareService, null);
	}

	private SrvQuery(Name name, @Nullable Name fallback, boolean bareService, @Nullable Name domain) {
		this.name = name;
		this.fallback = fallback;
		this.bareService = bareService;
		this.domain = domain;
	}

	/** The absolute SRV name. */
	Name name() {
		return this.name;
	}

	/** The absolute bare Service name, or {@code null} when there is none to ask. */
	@Nullable Name fallback() {
		return this.fallback;
	}

	/** Whether {@link #name()} is a bare Service name. */
	boolean bareService() {
		return this.bareService;
	}

	/**
	 * The name every target must be under, or {@code null} when targets may be anywhere:
	 * a Kubernetes Service names each of its endpoints under its own name, so a target
	 * elsewhere is not one of its pods.
	 */
	@Nullable Name domain() {
		return this.domain;
	}

	@Override
	public String toString() {
		return this.name.toString();
	}

	/**
	 * Returns a query for an SRV name given as is, with no fallback.
	 * @param name the SRV name; a relative name is made absolute
	 * @return the query
	 * @throws InvalidClusterConfigurationException when the name is not a DNS name
	 */
	public static SrvQuery explicit(String name) {
		return new SrvQuery(absoluteName(name, ClusterPropertyRules.DISCOVERY_DNS_QUERY), null, false);
	}

	/**
	 * Returns the query for a port of a headless Service:
	 * {@code _<port>._<protocol>.<service>}, falling back to the bare Service name (a
	 * Service whose port has no name has SRV records only there). Only targets under the
	 * Service's name count.
	 * @param serviceFqdn the Service's fully qualified name, e.g.
	 * {@code app.default.svc.cluster.local}
	 * @param portName the name of the Service port; empty or {@code null} to ask the bare
	 * Service name only, keeping its records on the Hazelcast port
	 * @param protocol the protocol of that port, e.g. {@code tcp}
	 * @return the query
	 * @throws InvalidClusterConfigurationException when the result is not a DNS name
	 */
	public static SrvQuery forService(String serviceFqdn, @Nullable String portName, String protocol) {
		Name service = absoluteName(serviceFqdn, ClusterPropertyRules.KUBERNETES_SERVICE_NAME);
		if (portName == null || portName.isBlank()) {
			return new SrvQuery(service, null, true, service);
		}
		return new SrvQuery(absoluteName("_" + portName + "._" + protocol + "." + serviceFqdn,
				ClusterPropertyRules.KUBERNETES_SERVICE_NAME), service, false, service);
	}

	private static Name absoluteName(String name, String property) {
		try {
			return Name.fromString(name.endsWith(".") ? name : name + ".");
		}
		catch (TextParseException ex) {
			throw new InvalidClusterConfigurationException(property,
					"'" + name + "' is not a valid DNS name (" + ex.getMessage() + ")",
					"Use a DNS name such as _hazelcast._tcp.my-app.default.svc.cluster.local.");
		}
	}

}
