package dev.podcluster.discovery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.podcluster.InvalidClusterConfigurationException;

/**
 * One entry of a static member list: {@code host}, {@code host:port} or
 * {@code host:port-port}.
 *
 * @param host a host name or IP address (IPv6 written in brackets in the entry)
 * @param firstPort the first port
 * @param lastPort the last port, equal to the first for a single port
 * @since 0.1.0
 */
record StaticMember(String host, int firstPort, int lastPort) {

	/**
	 * Ranges are for a few members on one machine; a larger one is almost certainly a
	 * typo.
	 */
	private static final int MAX_RANGE = 100;

	private static final Pattern ENTRY = Pattern
		.compile("(?<host>\\[[0-9a-fA-F:.]+]|[^:\\[\\]\\s]+)(?::(?<first>\\d{1,5})(?:-(?<last>\\d{1,5}))?)?");

	/**
	 * Parses an entry.
	 * @param entry the entry as configured
	 * @param defaultPort the port used when the entry has none
	 * @param property the property the entry came from, for the error message
	 * @return the member
	 * @throws InvalidClusterConfigurationException when the entry is malformed
	 */
	public static StaticMember parse(String entry, int defaultPort, String property) {
		Matcher matcher = ENTRY.matcher(entry.trim());
		if (!matcher.matches()) {
			throw invalid(entry, property, "is not host, host:port or host:port-port");
		}
		String host = matcher.group("host");
		if (host.startsWith("[")) {
			host = host.substring(1, host.length() - 1);
		}
		int first = (matcher.group("first") != null) ? Integer.parseInt(matcher.group("first")) : defaultPort;
		int last = (matcher.group("last") != null) ? Integer.parseInt(matcher.group("last")) : first;
		if (first < 1 || last > 65535 || first > last) {
			throw invalid(entry, property, "has a port outside 1-65535 or a range that runs backwards");
		}
		if (last - first >= MAX_RANGE) {
			throw invalid(entry, property, "has a port range of more than " + MAX_RANGE + " ports");
		}
		return new StaticMember(host, first, last);
	}

	private static InvalidClusterConfigurationException invalid(String entry, String property, String problem) {
		return new InvalidClusterConfigurationException(property, "'" + entry + "' " + problem,
				"Write members as host, host:port or host:port-port, e.g. app-0.app.default.svc.cluster.local:5701 or 127.0.0.1:5701-5703.");
	}

	@Override
	public String toString() {
		String host = this.host.contains(":") ? "[" + this.host + "]" : this.host;
		return host + ":" + this.firstPort + ((this.lastPort != this.firstPort) ? "-" + this.lastPort : "");
	}

}
