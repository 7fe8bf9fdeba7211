package dev.podcluster.discovery;

import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

import dev.podcluster.ClusterPropertyRules;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;

/**
 * The likely fix for a failed SRV lookup, in the terms of the settings a user can change.
 */
final class LookupFixes {

	private LookupFixes() {
	}

	static @Nullable String fix(SrvQuery query, SeedLookupException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof NoSuchDomainException || cause instanceof NoSuchRRSetException) {
				return missing(query);
			}
			if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException
					|| cause instanceof PortUnreachableException || cause instanceof ConnectException) {
				return "check that the cluster DNS (CoreDNS, the nameserver in /etc/resolv.conf) runs and answers,"
						+ " or set " + ClusterPropertyRules.DISCOVERY_DNS_SERVER;
			}
			if (cause instanceof ServerFailedException) {
				return "the DNS server could not answer for the Service: check the cluster DNS's logs";
			}
		}
		String message = String.valueOf(failure.getMessage());
		if (message.contains("(" + ClusterPropertyRules.HAZELCAST_PORT + ")")) {
			return "give the Service a port on " + ClusterPropertyRules.HAZELCAST_PORT + ", named after "
					+ ClusterPropertyRules.DISCOVERY_DNS_PORT_NAME;
		}
		return null;
	}

	private static String missing(SrvQuery query) {
		if (query.fallback() == null && !query.bareService()) {
			return "check " + ClusterPropertyRules.DISCOVERY_DNS_QUERY;
		}
		String portName = query.bareService() ? null : query.name().getLabelString(0).replaceFirst("^_", "");
		return "check " + ClusterPropertyRules.KUBERNETES_SERVICE_NAME + " and "
				+ ClusterPropertyRules.KUBERNETES_NAMESPACE + " (a headless Service of that" + " name must exist there)"
				+ ((portName != null) ? " and the Service's port name, which must be '" + portName + "' ("
						+ ClusterPropertyRules.DISCOVERY_DNS_PORT_NAME + ")" : "");
	}

}
