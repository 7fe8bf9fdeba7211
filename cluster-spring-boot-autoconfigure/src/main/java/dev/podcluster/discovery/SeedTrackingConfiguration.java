package dev.podcluster.discovery;

import java.net.InetSocketAddress;
import java.time.Clock;

import dev.podcluster.autoconfigure.ClusterProperties;
import dev.podcluster.naming.NodeIdentity;
import dev.podcluster.naming.PodEnvironment;
import dev.podcluster.naming.ServiceLocation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Where this node runs and what it looks up, and the tracking of its seeds.
 */
@Configuration(proxyBeanMethods = false)
final class SeedTrackingConfiguration {

	@Bean
	ClusterEnvironment clusterEnvironment(ClusterProperties properties, Environment environment) {
		PodEnvironment pod = PodEnvironment.detect(environment::getProperty);
		ClusterProperties.Kubernetes kubernetes = properties.kubernetes();
		return ClusterEnvironment.of(properties.discovery().mode(), properties.discovery().staticList().members(),
				ServiceLocation.of(kubernetes.serviceName(), kubernetes.namespace(), kubernetes.clusterDomain(), pod),
				pod);
	}

	/**
	 * The tracker, started: its first lookups run here, before Hazelcast's {@code Config}
	 * and so before Boot creates the member from it. A lifecycle step would come too
	 * late: Spring starts lifecycles only after every singleton, the
	 * {@code HazelcastInstance} included, exists, and the member would join without the
	 * seeds waited for.
	 */
	@Bean(destroyMethod = "close")
	SeedTracker clusterSeedTracker(ClusterProperties properties, SeedProvider provider, NodeIdentity identity) {
		ClusterProperties.Discovery discovery = properties.discovery();
		SeedTracker tracker = new SeedTracker(provider, discovery.minInterval(), discovery.interval(),
				discovery.missesBeforeRemoval(), Clock.systemUTC(),
				new InetSocketAddress(identity.address(), identity.port()));
		provider.onChange(tracker::changed);
		tracker.start(properties.expectedMembers(), discovery.joinWait());
		return tracker;
	}

}
