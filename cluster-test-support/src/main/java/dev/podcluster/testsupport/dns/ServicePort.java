package dev.podcluster.testsupport.dns;

import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One port of a Kubernetes Service: its name ({@code null} when unnamed), protocol and
 * number.
 *
 * @param name the port's name, which gives its SRV records
 * {@code _<name>._<protocol>.<service>}
 * @param protocol {@code tcp}, {@code udp} or {@code sctp}, in any case
 * @param port the port number
 * @since 0.1.0
 */
public record ServicePort(@Nullable String name, String protocol, int port) {

	private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");

	public ServicePort {
		if (name != null && !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
			throw new IllegalArgumentException("Port name '" + name + "' is not a lower-case DNS label");
		}
		if (!PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
			throw new IllegalArgumentException("Protocol '" + protocol + "' is not one of " + PROTOCOLS);
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("Port " + port + " is outside 1-65535");
		}
	}

}
