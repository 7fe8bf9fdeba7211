package dev.podcluster.autoconfigure;

import dev.podcluster.membership.ClusterView;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code cluster} health indicator.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ClusterMembershipAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ClusterView.class)
@ConditionalOnEnabledHealthIndicator("cluster")
@Import(ClusterConfigurationImportSelector.Health.class)
public final class ClusterHealthContributorAutoConfiguration {

}
