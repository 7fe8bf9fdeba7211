package dev.podcluster.autoconfigure;

import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.discovery.SeedTracker;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the cluster's actuator endpoint and health indicator.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { ClusterAutoConfiguration.class, HazelcastAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean({ HazelcastInstance.class, SeedTracker.class })
@Import({ ClusterEndpointConfiguration.class, ClusterHealthConfiguration.class })
public final class ClusterActuatorAutoConfiguration {

}
