package dev.podcluster.actuate;

import java.net.InetSocketAddress;

import dev.podcluster.autoconfigure.ClusterProperties;
import dev.podcluster.discovery.Seed;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.membership.ClusterVersionWatch;
import dev.podcluster.membership.ClusterView;
import dev.podcluster.naming.NodeIdentity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
final class ClusterHealthConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "clusterHealthIndicator", "clusterHealthContributor" })
	ClusterHealthIndicator clusterHealthIndicator(ClusterProperties properties, ClusterView view,
			ObjectProvider<SeedTracker> seeds, ObjectProvider<NodeIdentity> identity,
			ObjectProvider<ClusterVersionWatch> versionWatch) {
		SeedTracker tracker = seeds.getIfAvailable();
		NodeIdentity node = identity.getIfAvailable();
		ClusterVersionWatch watch = versionWatch.getIfAvailable();
		return new ClusterHealthIndicator(view, properties.expectedMembers(),
				(tracker != null) ? tracker::snapshot : null,
				(node != null) ? Seed.format(new InetSocketAddress(node.address(), node.port())) : null,
				(watch != null) ? watch::lastRefusal : null);
	}

}
