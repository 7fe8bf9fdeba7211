package dev.podcluster.autoconfigure;

import dev.podcluster.hazelcast.ClusterView;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the cluster's actuator endpoint, health indicator and metrics.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ClusterMembershipAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ClusterView.class)
@Import({ ClusterEndpointConfiguration.class, ClusterHealthConfiguration.class, ClusterMetricsConfiguration.class })
public final class ClusterActuatorAutoConfiguration {

}
