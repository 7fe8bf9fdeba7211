package dev.podcluster.actuate;

import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.membership.ClusterView;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
final class ClusterMetricsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterMetrics clusterMetrics(ClusterView view, SeedTracker seeds) {
		return new ClusterMetrics(view, seeds);
	}

}
