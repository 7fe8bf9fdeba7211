package dev.podcluster.discovery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.xbill.DNS.Name;

/**
 * The starter's own DNS SRV discovery, for the benchmarks that measure it: its DNS client
 * and its SRV seed provider are internal to the starter's discovery package, which this
 * class shares.
 */
public final class BenchmarkSrvLookup implements AutoCloseable {

	private final DnsClient dns;

	private final Name query;

	private final DnsSrvSeedProvider provider;

	private BenchmarkSrvLookup(InetSocketAddress server, Name query) {
		this.dns = new DnsClient(List.of(server), List.of(), 1, Duration.ofSeconds(2));
		this.query = query;
		this.provider = new DnsSrvSeedProvider(this.dns, query, 5701, null);
	}

	/**
	 * Builds the starter's client as it is built for a pod, with this one server, and its
	 * SRV seed provider for the given name (member port 5701 where a record has none).
	 * @param server the DNS server to ask
	 * @param query the SRV name to look up
	 * @return the client and provider; close it to close the client
	 */
	public static BenchmarkSrvLookup of(InetSocketAddress server, Name query) {
		return new BenchmarkSrvLookup(server, query);
	}

	/**
	 * Returns the starter's SRV seed provider: each {@link SeedProvider#lookup()} is one
	 * SRV lookup, with the lookups of the targets whose addresses did not come along, and
	 * its parsing into seeds.
	 * @return the provider
	 */
	public SeedProvider provider() {
		return this.provider;
	}

	/**
	 * Looks the SRV name up once and returns how many targets' addresses the server sent
	 * along in the answer.
	 * @return the targets with addresses in the answer
	 * @throws SeedLookupException when the lookup failed
	 */
	public int addressesSentAlong() throws SeedLookupException {
		return this.dns.srv(this.query).addresses().size();
	}

	@Override
	public void close() {
		this.dns.close();
	}

}
