package dev.podcluster.autoconfigure;

import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.discovery.SeedTracker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the cluster view and the Spring events for membership changes.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { ClusterAutoConfiguration.class, HazelcastAutoConfiguration.class })
@ConditionalOnBean({ HazelcastInstance.class, SeedTracker.class })
@Import(ClusterConfigurationImportSelector.Membership.class)
public final class ClusterMembershipAutoConfiguration {

}
