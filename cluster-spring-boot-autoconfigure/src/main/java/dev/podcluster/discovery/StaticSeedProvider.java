package dev.podcluster.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Seeds from a fixed member list; host names are resolved at every lookup, since a pod
 * keeps its name but not its IP.
 *
 * @since 0.1.0
 */
final class StaticSeedProvider implements SeedProvider {

	private final List<StaticMember> members;

	private final DnsClient dns;

	StaticSeedProvider(List<StaticMember> members, DnsClient dns) {
		this.members = List.copyOf(members);
		this.dns = dns;
	}

	@Override
	public boolean isLoopbackOnly() {
		return !this.members.isEmpty() && this.members.stream().allMatch((member) -> {
			InetAddress literal = literal(member.host());
			return (literal != null) ? literal.isLoopbackAddress() : member.host().equalsIgnoreCase("localhost");
		});
	}

	@Override
	public String name() {
		return DiscoveryMode.STATIC.configValue();
	}

	@Override
	public String query() {
		return this.members.stream().map(StaticMember::toString).collect(Collectors.joining(","));
	}

	@Override
	public SeedAnswer lookup() throws SeedLookupException {
		List<Seed> seeds = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		for (StaticMember member : this.members) {
			List<InetAddress> addresses;
			try {
				addresses = resolve(member.host());
			}
			catch (SeedLookupException ex) {
				skipped.add(member + ": " + ex.getMessage());
				continue;
			}
			for (InetAddress address : addresses) {
				for (int port = member.firstPort(); port <= member.lastPort(); port++) {
					seeds.add(new Seed(member.host(), new InetSocketAddress(address, port)));
				}
			}
		}
		if (seeds.isEmpty()) {
			throw new SeedLookupException("none of the static members resolves: " + String.join("; ", skipped));
		}
		return new SeedAnswer(seeds, List.of(), skipped, Duration.ZERO);
	}

	private List<InetAddress> resolve(String host) throws SeedLookupException {
		InetAddress literal = literal(host);
		if (literal != null) {
			return List.of(literal);
		}
		if (host.equalsIgnoreCase("localhost")) {
			return List.of(InetAddress.getLoopbackAddress());
		}
		try {
			return this.dns.addresses(Name.fromString(host));
		}
		catch (TextParseException ex) {
			throw new SeedLookupException("'" + host + "' is not a valid host name", ex);
		}
	}

	private static @Nullable InetAddress literal(String host) {
		try {
			return Address.getByAddress(host);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}
