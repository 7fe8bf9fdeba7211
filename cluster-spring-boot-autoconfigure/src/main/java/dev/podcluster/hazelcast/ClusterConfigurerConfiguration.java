package dev.podcluster.hazelcast;

import java.time.Duration;
import java.util.List;

import dev.podcluster.autoconfigure.ClusterProperties;
import dev.podcluster.discovery.Seed;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.naming.NodeIdentity;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The configurer that turns this node's identity and seeds into Hazelcast configuration.
 */
@Configuration(proxyBeanMethods = false)
final class ClusterConfigurerConfiguration {

	private static final Log logger = LogFactory.getLog(ClusterConfigurerConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(ClusterConfigurer.class)
	ClusterConfigurer clusterConfigurer(ClusterProperties properties, NodeIdentity identity, SeedTracker seeds,
			BeanFactory beanFactory, Environment environment) {
		ClusterProperties.Hazelcast hazelcast = properties.hazelcast();
		// The application's own classes are the ones it puts in maps: the packages Boot
		// scans from the @SpringBootApplication class.
		List<String> applicationPackages = AutoConfigurationPackages.has(beanFactory)
				? AutoConfigurationPackages.get(beanFactory) : List.of();
		return new StarterClusterConfigurer(properties.clusterName(), identity, seeds,
				new HazelcastSettings(hazelcast.heartbeatInterval(), hazelcast.heartbeatTimeout(),
						hazelcast.splitBrainCheckInterval(), hazelcast.shutdownTimeout(), hazelcast.properties()),
				new JavaSerializationFilter(
						hazelcast.javaSerializationFilter(), applicationPackages, hazelcast.javaSerializationAllowed()),
				placement(properties, identity, seeds),
				new SplitBrainSettings(properties.splitBrainMinimum(), properties.splitBrainProtectionNames(),
						properties.mergePolicy()),
				WorkloadRevision.resolve(properties.revision(), environment::getProperty));
	}

	/**
	 * This member's zone and node: {@code cluster.zone} and {@code cluster.node}, and
	 * where those are empty, the zone and node of its own endpoint when discovery tells
	 * where its seeds run (the EndpointSlices of kubernetes-api mode). Asked here, before
	 * the member exists: Hazelcast reads the partition group attributes once, as the
	 * member starts.
	 */
	private static MemberPlacement placement(ClusterProperties properties, NodeIdentity identity, SeedTracker seeds) {
		String zone = properties.zone();
		String node = properties.node();
		if (seeds.locatesSeeds() && (!hasText(zone) || !hasText(node))) {
			Duration wait = properties.discovery().joinWait();
			Seed own = seeds.ownSeed(wait);
			if (own != null) {
				zone = hasText(zone) ? zone : own.zone();
				node = hasText(node) ? node : own.node();
				logger.info("This member's endpoint in " + seeds.snapshot().query() + " puts it in zone "
						+ ((own.zone() != null) ? own.zone()
								: "unknown (its Node has no label topology.kubernetes.io/zone)")
						+ ", on node " + ((own.node() != null) ? own.node() : "unknown")
						+ "; cluster.zone and cluster.node, when set, win");
			}
			else {
				String error = seeds.snapshot().error();
				logger.warn("The " + seeds.snapshot().query() + " did not list this member ("
						+ identity.address().getHostAddress() + ":" + identity.port() + ") within " + wait.toSeconds()
						+ " s" + ((error != null) ? " (" + error + ")" : "")
						+ ": its zone and node are what cluster.zone and cluster.node say, and it is grouped by"
						+ " what it knows (by node, else as a group of its own) until it restarts");
			}
		}
		return new MemberPlacement(properties.hazelcast().partitionGroup(), zone, node, identity.name());
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
