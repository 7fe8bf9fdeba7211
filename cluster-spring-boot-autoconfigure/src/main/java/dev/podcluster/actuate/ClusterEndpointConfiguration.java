package dev.podcluster.actuate;

import java.time.Clock;

import dev.podcluster.autoconfigure.ClusterProperties;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.membership.ClusterVersionWatch;
import dev.podcluster.membership.ClusterView;
import dev.podcluster.membership.PodDeletionCost;
import dev.podcluster.naming.NodeIdentity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
final class ClusterEndpointConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterEndpoint clusterEndpoint(ClusterProperties properties, NodeIdentity identity, ClusterView view,
			SeedTracker seeds, ObjectProvider<ClusterVersionWatch> versionWatch,
			ObjectProvider<PodDeletionCost> podDeletionCost) {
		ClusterVersionWatch watch = versionWatch.getIfAvailable();
		PodDeletionCost cost = podDeletionCost.getIfAvailable();
		return new ClusterEndpoint(properties.clusterName(), properties.expectedMembers(), identity, view, seeds,
				Clock.systemUTC(), (watch != null) ? watch::lastRefusal : () -> null,
				(cost != null) ? cost::status : () -> null);
	}

}
