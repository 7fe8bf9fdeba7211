package dev.podcluster.membership;

import java.time.Clock;

import com.hazelcast.core.HazelcastInstance;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster view and its lifecycle.
 */
@Configuration(proxyBeanMethods = false)
final class ClusterMembershipConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterView clusterView(HazelcastInstance hazelcast) {
		return new ClusterView(hazelcast, Clock.systemUTC());
	}

	@Bean
	SmartLifecycle clusterViewLifecycle(ClusterView view, ObjectProvider<MembershipObserver> observers) {
		return new ClusterViewLifecycle(view, observers);
	}

}
