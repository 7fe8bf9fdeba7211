package dev.podcluster.autoconfigure;

import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.actuate.ClusterMetrics;
import dev.podcluster.discovery.SeedTracker;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
class ClusterMetricsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterMetrics clusterMetrics(HazelcastInstance hazelcast, SeedTracker seeds) {
		return new ClusterMetrics(hazelcast, seeds);
	}

}
