package dev.podcluster.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * Seeds from the SRV records of a headless Service: each target resolved to its address, with the SRV port (port 0
 * means the configured Hazelcast port).
 *
 * @since 0.1.0
 */
public final class DnsSrvSeedProvider implements SeedProvider {

	private final DnsClient dns;

	private final Name query;

	private final int defaultPort;

	/**
	 * Creates a provider.
	 * @param dns the DNS client
	 * @param query the absolute SRV name, e.g. {@code _hazelcast._tcp.app.default.svc.cluster.local.}
	 * @param defaultPort the port used for SRV records whose port is 0
	 */
	public DnsSrvSeedProvider(DnsClient dns, Name query, int defaultPort) {
		this.dns = dns;
		this.query = query;
		this.defaultPort = defaultPort;
	}

	@Override
	public DiscoveryMode mode() {
		return DiscoveryMode.DNS_SRV;
	}

	@Override
	public String query() {
		return this.query.toString();
	}

	@Override
	public SeedAnswer lookup() throws SeedLookupException {
		List<Record> answer = this.dns.lookup(this.query, Type.SRV);
		List<Seed> seeds = new ArrayList<>();
		List<String> records = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		Map<Name, List<InetAddress>> resolved = new LinkedHashMap<>();
		long ttl = Long.MAX_VALUE;
		for (Record record : answer) {
			records.add(record.toString());
			if (!(record instanceof SRVRecord srv)) {
				continue;
			}
			ttl = Math.min(ttl, srv.getTTL());
			int port = (srv.getPort() != 0) ? srv.getPort() : this.defaultPort;
			List<InetAddress> addresses = resolved.get(srv.getTarget());
			if (addresses == null) {
				try {
					addresses = this.dns.addresses(srv.getTarget());
				}
				catch (SeedLookupException ex) {
					skipped.add(srv.getTarget().toString(true) + ": " + ex.getMessage());
					addresses = List.of();
				}
				resolved.put(srv.getTarget(), addresses);
			}
			for (InetAddress address : addresses) {
				Seed seed = new Seed(srv.getTarget().toString(true), new InetSocketAddress(address, port));
				if (!seeds.contains(seed)) {
					seeds.add(seed);
				}
			}
		}
		if (seeds.isEmpty()) {
			// An answer none of whose targets resolve says more about DNS than about the cluster: keep what we knew.
			throw new SeedLookupException("SRV " + this.query + ": none of the " + answer.size()
					+ " records has a target that resolves" + (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped)));
		}
		return new SeedAnswer(seeds, records, skipped, Duration.ofSeconds(ttl));
	}

}
