package dev.podcluster.autoconfigure;

import java.time.Clock;

import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.event.MembershipEventPublisher;
import dev.podcluster.membership.ClusterView;
import dev.podcluster.membership.MembershipObserver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClusterMembershipConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterView clusterView(HazelcastInstance hazelcast) {
		return new ClusterView(hazelcast, Clock.systemUTC());
	}

	@Bean
	MembershipEventPublisher clusterMembershipEvents(ApplicationEventPublisher publisher) {
		return new MembershipEventPublisher(publisher);
	}

	@Bean
	SmartLifecycle clusterViewLifecycle(ClusterView view, ObjectProvider<MembershipObserver> observers) {
		return new ClusterViewLifecycle(view, observers);
	}

}
