package dev.podcluster.autoconfigure;

import dev.podcluster.actuate.ClusterHealthIndicator;
import dev.podcluster.membership.ClusterView;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClusterHealthConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "clusterHealthIndicator", "clusterHealthContributor" })
	ClusterHealthIndicator clusterHealthIndicator(ClusterProperties properties, ClusterView view) {
		return new ClusterHealthIndicator(view, properties.expectedMembers());
	}

}
