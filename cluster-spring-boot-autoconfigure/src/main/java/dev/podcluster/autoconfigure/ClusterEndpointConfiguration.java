package dev.podcluster.autoconfigure;

import java.time.Clock;

import dev.podcluster.actuate.ClusterEndpoint;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.hazelcast.ClusterView;
import dev.podcluster.naming.NodeIdentity;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
class ClusterEndpointConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterEndpoint clusterEndpoint(ClusterProperties properties, NodeIdentity identity, ClusterView view,
			SeedTracker seeds) {
		return new ClusterEndpoint(properties.clusterName(), properties.expectedMembers(), identity, view, seeds,
				Clock.systemUTC());
	}

}
