package dev.podcluster.testsupport.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A headless Kubernetes Service whose endpoints are published the way CoreDNS serves
 * them.
 *
 * @since 0.1.0
 */
public final class HeadlessService {

	private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

	private final BindServer server;

	private final Name fqdn;

	private final List<ServicePort> ports;

	private final Map<Name, Endpoint> endpoints = new LinkedHashMap<>();

	HeadlessService(BindServer server, String name, String namespace, List<ServicePort> ports) {
		this.server = server;
		this.fqdn = name(checkLabel(name, "Service name") + "." + checkLabel(namespace, "Namespace") + ".svc",
				server.zone());
		this.ports = List.copyOf(ports);
	}

	/**
	 * Return the Service's name in DNS,
	 * {@code <service>.<namespace>.svc.<cluster domain>.}.
	 * @return the absolute name, with its final dot
	 */
	public String fqdn() {
		return this.fqdn.toString();
	}

	List<ServicePort> ports() {
		return this.ports;
	}

	/**
	 * Add a ready endpoint listening on the Service's ports.
	 * @param hostname the pod's {@code hostname} (a StatefulSet pod's name), or
	 * {@code null} for a pod named in DNS after its IP
	 * @param ip the pod's IP
	 * @return the endpoint's name, such as {@code app-0.app.demo.svc.cluster.local},
	 * without final dot
	 */
	public String addEndpoint(@Nullable String hostname, InetAddress ip) {
		return addEndpoint(hostname, ip, Map.of());
	}

	/**
	 * Add a ready endpoint listening on other port numbers than the Service's, so that
	 * several endpoints can share one IP (give each its own hostname).
	 * @param hostname the pod's {@code hostname}, or {@code null} for a pod named after
	 * its IP
	 * @param ip the pod's IP
	 * @param portOverrides port number by port name, for the named ports that differ
	 * @return the endpoint's name, without final dot
	 */
	public synchronized String addEndpoint(@Nullable String hostname, InetAddress ip,
			Map<String, Integer> portOverrides) {
		Endpoint endpoint = endpoint(hostname, List.of(ip), portOverrides);
		add(List.of(endpoint));
		return endpoint.name().toString(true);
	}

	/**
	 * Add a ready endpoint of a dual-stack Service ({@code ipFamilyPolicy:
	 * RequireDualStack}): a StatefulSet pod whose name has an A and an AAAA record.
	 * @param hostname the pod's {@code hostname}
	 * @param ipv4 the pod's IPv4 address
	 * @param ipv6 the pod's IPv6 address
	 * @return the endpoint's name, without final dot
	 */
	public synchronized String addDualStackEndpoint(String hostname, InetAddress ipv4, InetAddress ipv6) {
		if (ipv4 instanceof Inet6Address || !(ipv6 instanceof Inet6Address)) {
			throw new IllegalArgumentException("Expected an IPv4 and an IPv6 address: " + ipv4 + ", " + ipv6);
		}
		Endpoint endpoint = endpoint(hostname, List.of(ipv4, ipv6), Map.of());
		add(List.of(endpoint));
		return endpoint.name().toString(true);
	}

	/**
	 * Add many ready endpoints in one update, as when a large StatefulSet is scaled up at
	 * once.
	 * @param count how many
	 * @param hostname the hostname of the i-th endpoint, or {@code null} for a pod named
	 * after its IP
	 * @param ip the IP of the i-th endpoint
	 */
	public synchronized void addEndpoints(int count, IntFunction<@Nullable String> hostname,
			IntFunction<InetAddress> ip) {
		List<Endpoint> added = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			added.add(endpoint(hostname.apply(i), List.of(ip.apply(i)), Map.of()));
		}
		add(added);
	}

	private Endpoint endpoint(@Nullable String hostname, List<InetAddress> ips, Map<String, Integer> portOverrides) {
		for (String portName : portOverrides.keySet()) {
			if (this.ports.stream().noneMatch((port) -> portName.equals(port.name()))) {
				throw new IllegalArgumentException("Service " + this.fqdn + " has no port named '" + portName + "'");
			}
		}
		String label = (hostname != null) ? checkLabel(hostname, "Hostname")
				: canonicalText(ips.get(0)).replace('.', '-').replace(':', '-');
		Name name = name(label, this.fqdn);
		if (this.endpoints.containsKey(name)) {
			throw new IllegalArgumentException(
					"Endpoint " + name + " exists already: give each endpoint its own hostname");
		}
		return new Endpoint(name, List.copyOf(ips), Map.copyOf(portOverrides));
	}

	private void add(List<Endpoint> added) {
		Set<Name> names = new LinkedHashSet<>();
		for (Endpoint endpoint : added) {
			if (!names.add(endpoint.name()) || this.endpoints.containsKey(endpoint.name())) {
				throw new IllegalArgumentException(
						"Endpoint " + endpoint.name() + " exists already: give each endpoint its own hostname");
			}
		}
		added.forEach((endpoint) -> this.endpoints.put(endpoint.name(), endpoint));
		try {
			publish(names);
		}
		catch (RuntimeException ex) {
			names.forEach(this.endpoints::remove);
			throw ex;
		}
	}

	/**
	 * Remove every endpoint with this IP, as when its pod is deleted.
	 * @param ip the pod's IP
	 */
	public synchronized void removeEndpoint(InetAddress ip) {
		List<Name> removed = this.endpoints.values()
			.stream()
			.filter((endpoint) -> endpoint.ips().contains(ip))
			.map(Endpoint::name)
			.toList();
		remove(removed);
	}

	/**
	 * Remove one endpoint, as when its pod is deleted.
	 * @param name the endpoint's name, as returned when it was added
	 */
	public synchronized void removeEndpoint(String name) {
		Name endpoint = name(name, Name.root);
		if (!this.endpoints.containsKey(endpoint)) {
			throw new IllegalArgumentException("Service " + this.fqdn + " has no endpoint " + endpoint);
		}
		remove(List.of(endpoint));
	}

	private void remove(List<Name> names) {
		if (names.isEmpty()) {
			return;
		}
		names.forEach(this.endpoints::remove);
		publish(names);
	}

	/**
	 * Replace the Service's address and SRV record sets, and the changed endpoints' own
	 * names, in one update, so a client never sees weights that disagree with the number
	 * of records.
	 */
	private void publish(Collection<Name> changed) {
		Update update = new Update(this.server.zone());
		update.delete(this.fqdn, Type.A);
		update.delete(this.fqdn, Type.AAAA);
		update.delete(this.fqdn, Type.SRV);
		for (ServicePort port : this.ports) {
			if (port.name() != null) {
				update.delete(srvName(port), Type.SRV);
			}
		}
		for (Name name : changed) {
			update.delete(name, Type.A);
			update.delete(name, Type.AAAA);
		}
		Set<Record> records = new LinkedHashSet<>();
		for (Endpoint endpoint : this.endpoints.values()) {
			for (InetAddress ip : endpoint.ips()) {
				records.add(addressRecord(this.fqdn, ip));
				if (changed.contains(endpoint.name())) {
					records.add(addressRecord(endpoint.name(), ip));
				}
			}
		}
		// CoreDNS weighs each answer's records equally: 100 / their number, at least 1.
		int bareWeight = weight(this.endpoints.size() * this.ports.size());
		int namedWeight = weight(this.endpoints.size());
		for (ServicePort port : this.ports) {
			for (Endpoint endpoint : this.endpoints.values()) {
				records.add(srvRecord(this.fqdn, bareWeight, endpoint.port(port), endpoint.name()));
				if (port.name() != null) {
					records.add(srvRecord(srvName(port), namedWeight, endpoint.port(port), endpoint.name()));
				}
			}
		}
		records.forEach(update::add);
		this.server.update(update);
	}

	private Name srvName(ServicePort port) {
		return name("_" + port.name() + "._" + port.protocol().toLowerCase(Locale.ROOT), this.fqdn);
	}

	private Record addressRecord(Name name, InetAddress ip) {
		return (ip instanceof Inet6Address) ? new AAAARecord(name, DClass.IN, this.server.defaultTtl(), ip)
				: new ARecord(name, DClass.IN, this.server.defaultTtl(), ip);
	}

	private Record srvRecord(Name name, int weight, int port, Name target) {
		return new SRVRecord(name, DClass.IN, this.server.defaultTtl(), 0, weight, port, target);
	}

	private static int weight(int records) {
		return Math.max(1, 100 / Math.max(1, records));
	}

	private static String checkLabel(String label, String what) {
		if (!label.matches(DNS_LABEL)) {
			throw new IllegalArgumentException(what + " '" + label + "' is not a lower-case DNS label");
		}
		return label;
	}

	private static Name name(String name, Name origin) {
		try {
			return Name.fromString(name, origin);
		}
		catch (TextParseException ex) {
			throw new IllegalArgumentException("'" + name + "' is not a DNS name", ex);
		}
	}

	/**
	 * Return the IP as Kubernetes writes it: IPv6 in RFC 5952 form ({@code fd00::5}),
	 * which Java does not use.
	 */
	private static String canonicalText(InetAddress ip) {
		if (!(ip instanceof Inet6Address)) {
			return ip.getHostAddress();
		}
		byte[] bytes = ip.getAddress();
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
		}
		int zerosStart = -1;
		int zerosLength = 1;
		for (int i = 0; i < 8; i++) {
			int length = 0;
			while (i + length < 8 && groups[i + length] == 0) {
				length++;
			}
			if (length > zerosLength) {
				zerosStart = i;
				zerosLength = length;
			}
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == zerosStart) {
				text.append("::");
				i += zerosLength - 1;
			}
			else {
				if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
					text.append(':');
				}
				text.append(Integer.toHexString(groups[i]));
			}
		}
		return text.toString();
	}

	private record Endpoint(Name name, List<InetAddress> ips, Map<String, Integer> portOverrides) {

		int port(ServicePort port) {
			return (port.name() != null) ? this.portOverrides.getOrDefault(port.name(), port.port()) : port.port();
		}

	}

}
