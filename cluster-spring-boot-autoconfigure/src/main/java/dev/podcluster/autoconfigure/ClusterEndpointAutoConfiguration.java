package dev.podcluster.autoconfigure;

import dev.podcluster.actuate.ClusterEndpoint;
import dev.podcluster.membership.ClusterView;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code cluster} actuator endpoint.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ClusterMembershipAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ClusterView.class)
@ConditionalOnAvailableEndpoint(ClusterEndpoint.class)
@Import(ClusterConfigurationImportSelector.Endpoint.class)
public final class ClusterEndpointAutoConfiguration {

}
