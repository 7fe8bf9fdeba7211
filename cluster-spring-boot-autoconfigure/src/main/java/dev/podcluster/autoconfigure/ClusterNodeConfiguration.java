package dev.podcluster.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Clock;

import dev.podcluster.discovery.SeedProvider;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.hazelcast.ClusterConfigurer;
import dev.podcluster.hazelcast.HazelcastSettings;
import dev.podcluster.hazelcast.MemberPlacement;
import dev.podcluster.naming.NodeIdentity;
import dev.podcluster.naming.NodeIdentityResolver;
import dev.podcluster.naming.PodEnvironment;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * This node's identity, the tracking of its seeds, and the configurer that turns both
 * into Hazelcast configuration.
 */
@Configuration(proxyBeanMethods = false)
class ClusterNodeConfiguration {

	@Bean
	ClusterEnvironment clusterEnvironment(ClusterProperties properties, Environment environment) {
		return ClusterEnvironment.of(properties, PodEnvironment.detect(environment::getProperty));
	}

	@Bean
	@ConditionalOnMissingBean
	NodeIdentity clusterNodeIdentity(ClusterProperties properties, ClusterEnvironment cluster, SeedProvider seeds) {
		return new NodeIdentityResolver(cluster.pod()).resolve(properties.naming().mode(), properties.naming().name(),
				cluster.service(), properties.hazelcast().address(), seeds.isLoopbackOnly(),
				properties.hazelcast().port());
	}

	@Bean(destroyMethod = "close")
	SeedTracker clusterSeedTracker(ClusterProperties properties, SeedProvider provider, NodeIdentity identity) {
		ClusterProperties.Discovery discovery = properties.discovery();
		SeedTracker tracker = new SeedTracker(provider, discovery.minInterval(), discovery.interval(),
				discovery.missesBeforeRemoval(), Clock.systemUTC(),
				new InetSocketAddress(identity.address(), identity.port()));
		tracker.start(properties.expectedMembers(), discovery.joinWait());
		return tracker;
	}

	@Bean
	@ConditionalOnMissingBean
	ClusterConfigurer clusterConfigurer(ClusterProperties properties, NodeIdentity identity, SeedTracker seeds) {
		ClusterProperties.Hazelcast hazelcast = properties.hazelcast();
		return new ClusterConfigurer(properties.clusterName(), identity, seeds,
				new HazelcastSettings(hazelcast.heartbeatInterval(), hazelcast.heartbeatTimeout(),
						hazelcast.splitBrainCheckInterval(), hazelcast.shutdownTimeout(), hazelcast.properties()),
				new MemberPlacement(hazelcast.partitionGroup(), properties.zone(), properties.node(), identity.name()));
	}

}
