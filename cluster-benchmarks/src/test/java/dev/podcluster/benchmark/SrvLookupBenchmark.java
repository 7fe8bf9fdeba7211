package dev.podcluster.benchmark;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.podcluster.discovery.DnsClient;
import dev.podcluster.discovery.DnsSrvSeedProvider;
import dev.podcluster.discovery.SeedAnswer;
import dev.podcluster.discovery.SeedLookupException;
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
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;

/**
 * JMH: one SRV lookup of a headless Service with 10, 100 or 1000 endpoints and its
 * parsing into seeds, through the starter's {@link DnsSrvSeedProvider} and
 * {@link DnsClient}, against a real BIND 9 on loopback serving the records CoreDNS would.
 * With 10 records the targets' addresses come in the answer (one query); from 14 records
 * on BIND sends none along (CoreDNS sends them all), so each target costs a query of its
 * own, and above 1232 bytes the answer comes over TCP. Run by {@link DiscoveryBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SrvLookupBenchmark {

	private static final int TTL = 5;

	private static final int UPDATE_RECORDS = 400;

	@Param({ "10", "100", "1000" })
	public int records;

	private @Nullable BindServer bind;

	private @Nullable DnsClient dns;

	private @Nullable DnsSrvSeedProvider provider;

	@Setup(Level.Trial)
	public void startDns() throws Exception {
		BindServer server = BindServer.builder().zone("cluster.local.").defaultTtl(TTL).start();
		this.bind = server;
		Name service = Name.fromString("bench" + this.records + ".bench.svc.cluster.local.");
		Name query = Name.fromString("_hazelcast._tcp", service);
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
		this.dns = new DnsClient(List.of(server.address()), List.of(), 1, Duration.ofSeconds(2));
		this.provider = new DnsSrvSeedProvider(this.dns, query, 5701, null);
		int seeds = this.provider.lookup().seeds().size();
		if (seeds != this.records) {
			throw new IllegalStateException("Expected " + this.records + " seeds from BIND, got " + seeds);
		}
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
