package dev.podcluster.autoconfigure;

import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.ClusterPropertyRules;
import org.xbill.DNS.lookup.LookupSession;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the cluster: names this node, discovers its peers and contributes
 * the Hazelcast {@code Config} that Boot's Hazelcast auto-configuration starts a member
 * from.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = HazelcastAutoConfiguration.class)
@ConditionalOnClass({ HazelcastInstance.class, LookupSession.class })
@ConditionalOnBooleanProperty(name = ClusterPropertyRules.ENABLED, matchIfMissing = true)
@EnableConfigurationProperties(ClusterProperties.class)
@Import({ ClusterConfigurationImportSelector.Node.class, HazelcastConfigConfiguration.class })
public final class ClusterAutoConfiguration {

}
