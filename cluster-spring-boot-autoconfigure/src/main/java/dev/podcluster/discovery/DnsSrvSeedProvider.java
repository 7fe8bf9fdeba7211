package dev.podcluster.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.podcluster.ClusterPropertyRules;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * Seeds from the SRV records of a headless Service: each target resolved to its address
 * in this node's address family, from the answer's additional section when it is there,
 * with the SRV port (port 0 means the configured Hazelcast port).
 */
final class DnsSrvSeedProvider implements SeedProvider {

	/**
	 * Targets without an address in the answer beyond which one query of the Service's
	 * name replaces a query per target.
	 */
	private static final int PER_TARGET_QUERIES = 8;

	/** Reasons shown in one error message; the actuator lists every skipped target. */
	private static final int SHOWN_REASONS = 5;

	private final DnsClient dns;

	private final SrvQuery query;

	private final int defaultPort;

	private final @Nullable AddressFamily family;

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
		this(dns, new SrvQuery(query, fallback, false), defaultPort);
	}

	/**
	 * Creates a provider.
	 * @param dns the DNS client
	 * @param query what to look up
	 * @param defaultPort the port used for SRV records whose port is 0, and the only port
	 * kept from a bare Service name's records
	 */
	public DnsSrvSeedProvider(DnsClient dns, SrvQuery query, int defaultPort) {
		this(dns, query, defaultPort, null);
	}

	/**
	 * Creates a provider whose seeds are of one address family.
	 * @param dns the DNS client
	 * @param query what to look up
	 * @param defaultPort the port used for SRV records whose port is 0, and the only port
	 * kept from a bare Service name's records
	 * @param family the family of this node's own address, which its peers must share (a
	 * dual-stack pod bound to its IPv6 address gets AAAA seeds); {@code null} when
	 * unknown: each target's IPv4 addresses, else its IPv6 ones
	 */
	public DnsSrvSeedProvider(DnsClient dns, SrvQuery query, int defaultPort, @Nullable AddressFamily family) {
		this.dns = dns;
		this.query = query;
		this.defaultPort = defaultPort;
		this.family = family;
	}

	@Override
	public String name() {
		return DiscoveryMode.DNS_SRV.configValue();
	}

	@Override
	public boolean listsEveryMember() {
		return true;
	}

	@Override
	public String query() {
		return this.query.name().toString();
	}

	@Override
	public SeedAnswer lookup() throws SeedLookupException {
		try {
			return answer();
		}
		catch (SeedLookupException ex) {
			String fix = (ex.fix() != null) ? ex.fix() : LookupFixes.fix(this.query, ex);
			throw (fix == null || fix.equals(ex.fix())) ? ex : new SeedLookupException(ex.getMessage(), fix, ex);
		}
	}

	private SeedAnswer answer() throws SeedLookupException {
		Name fallback = this.query.fallback();
		List<SRVRecord> answer;
		Map<Name, List<InetAddress>> sentAlong;
		try {
			DnsClient.SrvAnswer srv = this.dns.srv(this.query.name());
			answer = this.query.bareService() ? onDefaultPort(this.query.name(), srv.records(), "") : srv.records();
			sentAlong = srv.addresses();
		}
		catch (SeedLookupException ex) {
			if (fallback == null || !isMissing(ex)) {
				throw ex;
			}
			// A Service whose port has no name has SRV records only at its bare name.
			DnsClient.SrvAnswer srv = fallback(fallback, ex);
			answer = onDefaultPort(fallback, srv.records(), ex.getMessage() + "; ");
			sentAlong = srv.addresses();
		}
		return seeds(answer, sentAlong);
	}

	private DnsClient.SrvAnswer fallback(Name fallback, SeedLookupException primary) throws SeedLookupException {
		try {
			return this.dns.srv(fallback);
		}
		catch (SeedLookupException ex) {
			throw new SeedLookupException(primary.getMessage() + "; " + ex.getMessage(), primary);
		}
	}

	/** A bare Service name answers with every port of the Service: keep Hazelcast's. */
	private List<SRVRecord> onDefaultPort(Name name, List<SRVRecord> records, String before)
			throws SeedLookupException {
		List<SRVRecord> ours = records.stream().filter((srv) -> srv.getPort() == this.defaultPort).toList();
		if (ours.isEmpty()) {
			String ports = records.stream()
				.map((srv) -> String.valueOf(srv.getPort()))
				.distinct()
				.collect(Collectors.joining(", "));
			throw new SeedLookupException(before + "SRV " + name + " has no record for port " + this.defaultPort + " ("
					+ ClusterPropertyRules.HAZELCAST_PORT + "), only for " + ports);
		}
		return ours;
	}

	/**
	 * The addresses of this node's family; with none known, the IPv4 ones, else the IPv6
	 * ones.
	 */
	private List<InetAddress> ofFamily(List<InetAddress> addresses) {
		AddressFamily wanted = this.family;
		if (wanted == null) {
			wanted = addresses.stream().anyMatch(AddressFamily.IPV4::contains) ? AddressFamily.IPV4
					: AddressFamily.IPV6;
		}
		return addresses.stream().filter(wanted::contains).toList();
	}

	/**
	 * Seeds from one address query of the Service's own name, for an answer that left out
	 * the addresses of many targets (a DNS message holds at most 64 KiB: CoreDNS's answer
	 * for 1,000 pods carries about 100 of their addresses), instead of one query per
	 * target. A headless Service's name has an address record per endpoint; used only
	 * when every record is on one port and the name has at least as many addresses as
	 * targets lack (so never a ClusterIP). Empty when the shortcut does not apply or
	 * fails: then each target is asked for.
	 */
	private List<Seed> viaService(List<SRVRecord> srvRecords, int missing) {
		Name service = serviceName();
		Set<Integer> ports = srvRecords.stream()
			.map((srv) -> (srv.getPort() != 0) ? srv.getPort() : this.defaultPort)
			.collect(Collectors.toSet());
		if (service == null || ports.size() != 1) {
			return List.of();
		}
		DnsClient.Resolution resolution = this.dns.addresses(List.of(service), this.family).get(service);
		if (resolution == null || resolution.error() != null) {
			return List.of();
		}
		List<InetAddress> addresses = ofFamily(resolution.addresses());
		if (addresses.size() < missing) {
			return List.of();
		}
		int port = ports.iterator().next();
		return addresses.stream()
			.filter(DnsSrvSeedProvider::isPeerAddress)
			.map((address) -> new Seed(service.toString(true), new InetSocketAddress(address, port)))
			.toList();
	}

	/** The Service's own name: the bare name, or the SRV name without its port labels. */
	private @Nullable Name serviceName() {
		if (this.query.bareService()) {
			return this.query.name();
		}
		if (this.query.fallback() != null) {
			return this.query.fallback();
		}
		Name name = this.query.name();
		boolean portLabels = name.labels() > 3 && name.getLabelString(0).startsWith("_")
				&& name.getLabelString(1).startsWith("_");
		return portLabels ? new Name(name, 2) : null;
	}

	/**
	 * The records whose target is under the Service's name, when the query has one; the
	 * others go to {@code skipped}: whoever answers with a name elsewhere does not get
	 * this node to look it up or to connect to it.
	 */
	private List<SRVRecord> insideTheDomain(List<SRVRecord> records, Set<String> skipped) {
		Name domain = this.query.domain();
		if (domain == null) {
			return records;
		}
		List<SRVRecord> inside = new ArrayList<>(records.size());
		for (SRVRecord srv : records) {
			if (srv.getTarget().subdomain(domain)) {
				inside.add(srv);
			}
			else {
				skipped.add(srv.getTarget().toString(true) + ": outside the Service's domain " + domain.toString(true));
			}
		}
		return inside;
	}

	/**
	 * Whether a peer can listen at an address: not the wildcard address, which means this
	 * host, and not a multicast group.
	 */
	private static boolean isPeerAddress(InetAddress address) {
		return !address.isAnyLocalAddress() && !address.isMulticastAddress();
	}

	/** Reasons for an error message, a handful at most: an answer may hold thousands. */
	private static String firstFew(Set<String> reasons) {
		String shown = reasons.stream().limit(SHOWN_REASONS).collect(Collectors.joining("; "));
		return (reasons.size() > SHOWN_REASONS) ? shown + "; and " + (reasons.size() - SHOWN_REASONS) + " more" : shown;
	}

	private static boolean isMissing(SeedLookupException ex) {
		return ex.getCause() instanceof NoSuchDomainException || ex.getCause() instanceof NoSuchRRSetException;
	}

	private SeedAnswer seeds(List<SRVRecord> answered, Map<Name, List<InetAddress>> sentAlong)
			throws SeedLookupException {
		Set<String> skipped = new LinkedHashSet<>();
		List<SRVRecord> srvRecords = insideTheDomain(answered, skipped);
		// Only targets whose address did not come with the answer cost a query.
		Map<Name, DnsClient.Resolution> resolved = new LinkedHashMap<>();
		Set<Name> otherFamily = new LinkedHashSet<>();
		srvRecords.forEach((srv) -> {
			List<InetAddress> sent = sentAlong.getOrDefault(srv.getTarget(), List.of());
			List<InetAddress> addresses = ofFamily(sent);
			if (!addresses.isEmpty()) {
				resolved.put(srv.getTarget(), new DnsClient.Resolution(addresses, null));
			}
			else if (!sent.isEmpty()) {
				// A dual-stack Service names a Deployment pod once per family: this is
				// the pod under its name of the other family.
				otherFamily.add(srv.getTarget());
			}
		});
		List<Name> missing = srvRecords.stream()
			.map(SRVRecord::getTarget)
			.filter((target) -> !resolved.containsKey(target) && !otherFamily.contains(target))
			.distinct()
			.toList();
		List<Seed> fromService = (missing.size() > PER_TARGET_QUERIES) ? viaService(srvRecords, missing.size())
				: List.of();
		if (fromService.isEmpty()) {
			resolved.putAll(this.dns.addresses(missing, this.family));
		}
		else {
			missing.forEach((target) -> resolved.put(target, new DnsClient.Resolution(List.of(), null)));
		}
		// One seed per address: two names of one pod (or an answer that says so) are one
		// place to join, under the first name.
		Map<InetSocketAddress, Seed> seeds = new LinkedHashMap<>();
		for (Map.Entry<Name, DnsClient.Resolution> target : resolved.entrySet()) {
			if (target.getValue().error() != null) {
				skipped.add(target.getKey().toString(true) + ": " + target.getValue().error());
			}
		}
		long ttl = Long.MAX_VALUE;
		for (SRVRecord srv : srvRecords) {
			ttl = Math.min(ttl, srv.getTTL());
			if (otherFamily.contains(srv.getTarget())) {
				continue;
			}
			int port = (srv.getPort() != 0) ? srv.getPort() : this.defaultPort;
			for (InetAddress address : resolved.get(srv.getTarget()).addresses()) {
				if (isPeerAddress(address)) {
					InetSocketAddress seed = new InetSocketAddress(address, port);
					seeds.putIfAbsent(seed, new Seed(srv.getTarget().toString(true), seed));
				}
				else {
					skipped.add(srv.getTarget().toString(true) + ": " + address.getHostAddress()
							+ " is no address a member can listen at");
				}
			}
		}
		fromService.forEach((seed) -> seeds.putIfAbsent(seed.address(), seed));
		List<String> records = answered.stream().map(Record::toString).toList();
		if (seeds.isEmpty()) {
			// An answer none of whose targets resolve says more about DNS than about the
			// cluster: keep what we knew.
			throw new SeedLookupException("SRV " + this.query.name() + ": none of the " + answered.size()
					+ " records has a target that resolves"
					+ (otherFamily.isEmpty() ? ""
							: " to an " + ((this.family == AddressFamily.IPV6) ? "IPv6" : "IPv4")
									+ " address, the family of this node's own address (" + otherFamily.size()
									+ " have only addresses of the other family)")
					+ (skipped.isEmpty() ? "" : ": " + firstFew(skipped)));
		}
		return new SeedAnswer(List.copyOf(seeds.values()), records, List.copyOf(skipped), Duration.ofSeconds(ttl));
	}

}
