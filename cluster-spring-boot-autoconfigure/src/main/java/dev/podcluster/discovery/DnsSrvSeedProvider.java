package dev.podcluster.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * Seeds from the SRV records of a headless Service: each target resolved to its address,
 * with the SRV port (port 0 means the configured Hazelcast port).
 *
 * @since 0.1.0
 */
public final class DnsSrvSeedProvider implements SeedProvider {

	private final DnsClient dns;

	private final Name query;

	private final int defaultPort;

	private final @Nullable Name fallback;

	/**
	 * Creates a provider.
	 * @param dns the DNS client
	 * @param query the absolute SRV name, e.g.
	 * {@code _hazelcast._tcp.app.default.svc.cluster.local.}
	 * @param defaultPort the port used for SRV records whose port is 0
	 * @param fallback the bare Service name, asked when the named port has no SRV
	 * records; its answer holds every port of the Service, so only records of
	 * {@code defaultPort} are used
	 */
	public DnsSrvSeedProvider(DnsClient dns, Name query, int defaultPort, @Nullable Name fallback) {
		this.dns = dns;
		this.query = query;
		this.defaultPort = defaultPort;
		this.fallback = fallback;
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
		List<Record> answer;
		try {
			answer = this.dns.lookup(this.query, Type.SRV);
		}
		catch (SeedLookupException ex) {
			if (this.fallback == null || !isMissing(ex)) {
				throw ex;
			}
			answer = fallback(ex);
		}
		return seeds(answer);
	}

	/** A Service whose port has no name has SRV records only at its bare name. */
	private List<Record> fallback(SeedLookupException primary) throws SeedLookupException {
		List<Record> answer;
		try {
			answer = this.dns.lookup(this.fallback, Type.SRV);
		}
		catch (SeedLookupException ex) {
			throw new SeedLookupException(primary.getMessage() + "; " + ex.getMessage(), primary);
		}
		List<Record> ours = answer.stream()
			.filter((record) -> record instanceof SRVRecord srv && srv.getPort() == this.defaultPort)
			.toList();
		if (ours.isEmpty()) {
			throw new SeedLookupException(
					primary.getMessage() + "; SRV " + this.fallback + " has no record for port " + this.defaultPort,
					primary);
		}
		return ours;
	}

	private static boolean isMissing(SeedLookupException ex) {
		return ex.getCause() instanceof NoSuchDomainException || ex.getCause() instanceof NoSuchRRSetException;
	}

	private SeedAnswer seeds(List<Record> answer) throws SeedLookupException {
		List<SRVRecord> srvRecords = answer.stream()
			.filter(SRVRecord.class::isInstance)
			.map(SRVRecord.class::cast)
			.toList();
		Map<Name, DnsClient.Resolution> resolved = this.dns
			.addresses(srvRecords.stream().map(SRVRecord::getTarget).toList());
		Set<Seed> seeds = new LinkedHashSet<>();
		List<String> skipped = new ArrayList<>();
		for (Map.Entry<Name, DnsClient.Resolution> target : resolved.entrySet()) {
			if (target.getValue().error() != null) {
				skipped.add(target.getKey().toString(true) + ": " + target.getValue().error());
			}
		}
		long ttl = Long.MAX_VALUE;
		for (SRVRecord srv : srvRecords) {
			ttl = Math.min(ttl, srv.getTTL());
			int port = (srv.getPort() != 0) ? srv.getPort() : this.defaultPort;
			for (InetAddress address : resolved.get(srv.getTarget()).addresses()) {
				seeds.add(new Seed(srv.getTarget().toString(true), new InetSocketAddress(address, port)));
			}
		}
		List<String> records = answer.stream().map(Record::toString).toList();
		if (seeds.isEmpty()) {
			// An answer none of whose targets resolve says more about DNS than about the
			// cluster: keep what we knew.
			throw new SeedLookupException(
					"SRV " + this.query + ": none of the " + answer.size() + " records has a target that resolves"
							+ (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped)));
		}
		return new SeedAnswer(List.copyOf(seeds), records, skipped, Duration.ofSeconds(ttl));
	}

}
