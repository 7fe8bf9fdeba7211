package dev.podcluster.autoconfigure;

import dev.podcluster.actuate.ClusterHealthIndicator;
import dev.podcluster.hazelcast.ClusterView;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("cluster")
class ClusterHealthConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "clusterHealthIndicator")
	ClusterHealthIndicator clusterHealthIndicator(ClusterProperties properties, ClusterView view) {
		return new ClusterHealthIndicator(view, properties.expectedMembers());
	}

}
