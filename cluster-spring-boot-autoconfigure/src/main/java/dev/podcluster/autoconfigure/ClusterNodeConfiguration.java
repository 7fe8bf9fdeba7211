package dev.podcluster.autoconfigure;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;

import dev.podcluster.discovery.ClusterEnvironment;
import dev.podcluster.discovery.SeedLookupException;
import dev.podcluster.discovery.SeedProvider;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.hazelcast.ClusterConfigurer;
import dev.podcluster.hazelcast.HazelcastSettings;
import dev.podcluster.hazelcast.JavaSerializationFilter;
import dev.podcluster.hazelcast.MemberPlacement;
import dev.podcluster.naming.NodeIdentity;
import dev.podcluster.naming.NodeIdentityResolver;
import dev.podcluster.naming.PodEnvironment;
import dev.podcluster.naming.ServiceLocation;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
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
		PodEnvironment pod = PodEnvironment.detect(environment::getProperty);
		ClusterProperties.Kubernetes kubernetes = properties.kubernetes();
		return ClusterEnvironment.of(properties.discovery().mode(), properties.discovery().staticList().members(),
				ServiceLocation.of(kubernetes.serviceName(), kubernetes.namespace(), kubernetes.clusterDomain(), pod),
				pod);
	}

	@Bean
	@ConditionalOnMissingBean
	NodeIdentity clusterNodeIdentity(ClusterProperties properties, ClusterEnvironment cluster, SeedProvider seeds) {
		return new NodeIdentityResolver(cluster.pod()).resolve(properties.naming().mode(), properties.naming().name(),
				cluster.service(), properties.hazelcast().address(), seeds.isLoopbackOnly(), () -> peers(seeds),
				properties.hazelcast().port());
	}

	/**
	 * The peers' addresses, looked up once, for a node that must find which of its
	 * interfaces reaches them.
	 */
	private static List<InetAddress> peers(SeedProvider seeds) {
		try {
			return seeds.lookup().seeds().stream().map((seed) -> seed.address().getAddress()).distinct().toList();
		}
		catch (SeedLookupException ex) {
			return List.of();
		}
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
		tracker.start(properties.expectedMembers(), discovery.joinWait());
		return tracker;
	}

	@Bean
	@ConditionalOnMissingBean
	ClusterConfigurer clusterConfigurer(ClusterProperties properties, NodeIdentity identity, SeedTracker seeds,
			BeanFactory beanFactory) {
		ClusterProperties.Hazelcast hazelcast = properties.hazelcast();
		// The application's own classes are the ones it puts in maps: the packages Boot
		// scans from the @SpringBootApplication class.
		List<String> applicationPackages = AutoConfigurationPackages.has(beanFactory)
				? AutoConfigurationPackages.get(beanFactory) : List.of();
		return new ClusterConfigurer(properties.clusterName(), identity, seeds,
				new HazelcastSettings(hazelcast.heartbeatInterval(), hazelcast.heartbeatTimeout(),
						hazelcast.splitBrainCheckInterval(), hazelcast.shutdownTimeout(), hazelcast.properties()),
				new JavaSerializationFilter(hazelcast.javaSerializationFilter(), applicationPackages,
						hazelcast.javaSerializationAllowed()),
				new MemberPlacement(hazelcast.partitionGroup(), properties.zone(), properties.node(), identity.name()));
	}

}
