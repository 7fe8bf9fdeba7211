package dev.podcluster.naming;

import java.net.InetAddress;
import java.util.List;

import dev.podcluster.autoconfigure.ClusterProperties;
import dev.podcluster.discovery.ClusterEnvironment;
import dev.podcluster.discovery.SeedLookupException;
import dev.podcluster.discovery.SeedProvider;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This node's identity: its name, address and port.
 */
@Configuration(proxyBeanMethods = false)
final class NodeIdentityConfiguration {

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

}
