package dev.podcluster.benchmark;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.podcluster.discovery.BenchmarkSrvLookup;
import dev.podcluster.discovery.SeedAnswer;
import dev.podcluster.discovery.SeedLookupException;
import dev.podcluster.discovery.SeedProvider;
import dev.podcluster.testsupport.dns.BindServer;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;

/**
 * JMH: one SRV lookup of a headless Service with 10, 100 or 1000 endpoints and its
 * parsing into seeds, through the starter's {@code DnsSrvSeedProvider} and
 * {@code DnsClient} ({@link BenchmarkSrvLookup}). Two servers ({@code -p server=...}):
 * <ul>
 * <li>{@code bind} (the default): a real BIND 9 on loopback serving the records CoreDNS
 * would. With 10 records the targets' addresses come in the answer (one query); from 14
 * records on BIND sends none along (CoreDNS sends them all), so each target costs a query
 * of its own, and above 1232 bytes the answer comes over TCP. Run by
 * {@link DiscoveryBenchmark}.</li>
 * <li>{@code coredns}: the real CoreDNS of a kube-bed at {@value #CLUSTER_DNS}, answering
 * for the Services {@link CoreDnsSrvBenchmark} creates, with every target's address in
 * the additional section. Run by {@link CoreDnsSrvBenchmark}.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SrvLookupBenchmark {

	private static final int TTL = 5;

	private static final int UPDATE_RECORDS = 400;

	/** The kube-dns Service of a kube-bed, reached from the host through kube-proxy. */
	static final String CLUSTER_DNS = "10.96.0.10";

	static final String NAMESPACE = "bench";

	@Param({ "10", "100", "1000" })
	public int records;

	@Param({ "bind" })
	public String server = "bind";

	private @Nullable BindServer bind;

	private @Nullable BenchmarkSrvLookup dns;

	private @Nullable SeedProvider provider;

	@Setup(Level.Trial)
	public void startDns() throws Exception {
		switch (this.server) {
			case "bind" -> this.dns = lookup(startBind(), this.records);
			case "coredns" -> this.dns = lookup(clusterDns(), this.records);
			default -> throw new IllegalArgumentException("server is bind or coredns, not " + this.server);
		}
		this.provider = this.dns.provider();
		int seeds = this.provider.lookup().seeds().size();
		if (seeds != this.records) {
			throw new IllegalStateException(
					"Expected " + this.records + " seeds from " + this.server + ", got " + seeds);
		}
	}

	/**
	 * The JMH run both benchmark runners use: 3 × 1 s warm-up, 5 × 2 s measured, one
	 * fork, results as JSON.
	 * @param json where JMH writes its results
	 * @param server which DNS server the lookups ask ({@code bind} or {@code coredns})
	 * @return the options
	 */
	static Options options(Path json, String server) {
		return new OptionsBuilder().include(SrvLookupBenchmark.class.getName() + ".lookupAndParse")
			.param("server", server)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(2))
			.forks(1)
			.shouldFailOnError(true)
			.resultFormat(ResultFormatType.JSON)
			.result(json.toString())
			.build();
	}

	static InetSocketAddress clusterDns() {
		return new InetSocketAddress(CLUSTER_DNS, 53);
	}

	/**
	 * The starter's client as it is built for a pod, with this one server, and its SRV
	 * seed provider for the Service of this many endpoints.
	 */
	static BenchmarkSrvLookup lookup(InetSocketAddress server, int records) throws TextParseException {
		return BenchmarkSrvLookup.of(server, query(records));
	}

	/** The headless Service of this many endpoints. */
	static String service(int records) {
		return "bench" + records;
	}

	/** The SRV name of its named port {@code hazelcast}. */
	static Name query(int records) throws TextParseException {
		return Name.fromString("_hazelcast._tcp." + service(records) + "." + NAMESPACE + ".svc.cluster.local.");
	}

	private InetSocketAddress startBind() throws Exception {
		BindServer server = BindServer.builder().zone("cluster.local.").defaultTtl(TTL).start();
		this.bind = server;
		Name query = query(this.records);
		Name service = new Name(query, 2);
		// CoreDNS weighs each answer's records equally: 100 / their number, at least 1.
		int weight = Math.max(1, 100 / this.records);
		List<Record> zone = new ArrayList<>();
		for (int i = 0; i < this.records; i++) {
			Name target = Name.fromString("bench-" + i, service);
			InetAddress ip = InetAddress
				.getByAddress(new byte[] { 10, (byte) 245, (byte) (i / 250), (byte) (1 + i % 250) });
			zone.add(new SRVRecord(query, DClass.IN, TTL, 0, weight, 5701, target));
			zone.add(new ARecord(target, DClass.IN, TTL, ip));
		}
		// A DNS message holds at most 64 KiB: the zone goes in in parts.
		for (int from = 0; from < zone.size(); from += UPDATE_RECORDS) {
			server.add(zone.subList(from, Math.min(zone.size(), from + UPDATE_RECORDS)).toArray(Record[]::new));
		}
		return server.address();
	}

	@Benchmark
	public SeedAnswer lookupAndParse() throws SeedLookupException {
		return this.provider.lookup();
	}

	@TearDown(Level.Trial)
	public void stopDns() {
		if (this.dns != null) {
			this.dns.close();
		}
		if (this.bind != null) {
			this.bind.close();
		}
	}

}
