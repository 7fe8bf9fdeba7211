package dev.podcluster.sample;

import java.time.Duration;

import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hazelcast settings of the sample's data, applied on top of the starter's configuration.
 */
@Configuration(proxyBeanMethods = false)
class SharedStateConfiguration {

	static final String COUNTER_MAP = "counter";

	static final String ENTRIES_MAP = "entries";

	static final String SINGLETON_MAP = "singleton";

	static final String SESSIONS_MAP = "sessions";

	/** Most sessions and cached reports each member keeps. */
	private static final int MAX_SESSIONS = 100_000;

	private static final int MAX_REPORTS = 1_000;

	/** How long a cached report stays before the next request computes it again. */
	private static final Duration REPORT_TIME_TO_LIVE = Duration.ofMinutes(10);

	@Bean
	HazelcastConfigCustomizer sharedStateMaps(SampleLimits limits,
			@Value("${server.servlet.session.timeout:30m}") Duration sessionTimeout) {
		// One synchronous backup: a member can die without losing a write it
		// acknowledged. Every map a client can add to is bounded.
		return (config) -> {
			config.getMapConfig(COUNTER_MAP).setBackupCount(1);
			bounded(config.getMapConfig(ENTRIES_MAP), limits.entriesPerMember()).setBackupCount(1);
			config.getMapConfig(SINGLETON_MAP).setBackupCount(1);
			// The same timeout as Spring Session's: an abandoned session leaves the map.
			bounded(config.getMapConfig(SESSIONS_MAP), MAX_SESSIONS).setBackupCount(1)
				.setMaxIdleSeconds((int) sessionTimeout.toSeconds());
			// A cache: losing an entry costs one computation, so no backup.
			bounded(config.getMapConfig(ReportService.CACHE), MAX_REPORTS).setBackupCount(0)
				.setTimeToLiveSeconds((int) REPORT_TIME_TO_LIVE.toSeconds());
		};
	}

	private static MapConfig bounded(MapConfig map, int entriesPerMember) {
		map.getEvictionConfig()
			.setEvictionPolicy(EvictionPolicy.LRU)
			.setMaxSizePolicy(MaxSizePolicy.PER_NODE)
			.setSize(entriesPerMember);
		return map;
	}

}
