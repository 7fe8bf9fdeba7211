package dev.podcluster.hazelcast;

import java.util.List;

import dev.podcluster.autoconfigure.ClusterProperties;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.naming.NodeIdentity;

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
				new JavaSerializationFilter(hazelcast.javaSerializationFilter(), applicationPackages,
						hazelcast.javaSerializationAllowed()),
				new MemberPlacement(hazelcast.partitionGroup(), properties.zone(), properties.node(), identity.name()),
				new SplitBrainSettings(properties.splitBrainMinimum(), properties.splitBrainProtectionNames(),
						properties.mergePolicy()),
				WorkloadRevision.resolve(properties.revision(), environment::getProperty));
	}

}
