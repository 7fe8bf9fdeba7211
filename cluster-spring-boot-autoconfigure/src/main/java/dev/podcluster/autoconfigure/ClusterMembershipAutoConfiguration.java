package dev.podcluster.autoconfigure;

import java.time.Clock;

import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.hazelcast.ClusterView;
import dev.podcluster.hazelcast.MembershipObserver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the cluster view and the Spring events for membership changes.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { ClusterAutoConfiguration.class, HazelcastAutoConfiguration.class })
@ConditionalOnBean({ HazelcastInstance.class, SeedTracker.class })
public final class ClusterMembershipAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterView clusterView(HazelcastInstance hazelcast, ObjectProvider<MembershipObserver> observers) {
		return new ClusterView(hazelcast, Clock.systemUTC(), observers.orderedStream().toList());
	}

	@Bean
	MembershipObserver clusterMembershipEvents(ApplicationEventPublisher publisher) {
		return new MembershipEventPublisher(publisher);
	}

	@Bean
	SmartLifecycle clusterViewLifecycle(ClusterView view) {
		return new ClusterViewLifecycle(view);
	}

}
