package dev.podcluster.sample;

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

	@Bean
	HazelcastConfigCustomizer sharedStateMaps() {
		// One synchronous backup: a member can die without losing a write it
		// acknowledged.
		return (config) -> {
			config.getMapConfig(COUNTER_MAP).setBackupCount(1);
			config.getMapConfig(ENTRIES_MAP).setBackupCount(1);
			config.getMapConfig(SINGLETON_MAP).setBackupCount(1);
		};
	}

}
