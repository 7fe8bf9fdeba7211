package dev.podcluster.sample;

import java.time.Clock;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.podcluster.naming.NodeIdentity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Computes reports, each once for the whole cluster: {@code @Cacheable} with Spring
 * Boot's cache manager on the starter's Hazelcast member, so the result one pod computed
 * is what every pod serves. Every computation is counted, cluster-wide.
 */
@Service
class ReportService {

	static final String CACHE = "reports";

	private static final String COMPUTATIONS = "computations";

	private final IMap<String, Long> counters;

	private final String nodeName;

	private final Clock clock = Clock.systemUTC();

	ReportService(HazelcastInstance hazelcast, ObjectProvider<NodeIdentity> identity) {
		this.counters = hazelcast.getMap(SharedStateConfiguration.COUNTER_MAP);
		this.nodeName = NodeName.of(identity, hazelcast);
	}

	/**
	 * Computes a report, or returns the one cached by any member.
	 * @param name the report's name
	 * @return the report
	 */
	@Cacheable(CACHE)
	public Report report(String name) {
		long computation = this.counters.executeOnKey(COMPUTATIONS, new CounterController.Increment());
		return new Report(name, this.nodeName, this.clock.instant(), computation);
	}

	/**
	 * How many reports were computed, on any member.
	 * @return the count
	 */
	public long computations() {
		Long value = this.counters.get(COMPUTATIONS);
		return (value != null) ? value : 0L;
	}

}
