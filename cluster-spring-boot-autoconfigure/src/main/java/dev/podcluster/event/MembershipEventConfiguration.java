package dev.podcluster.event;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring events for membership changes.
 */
@Configuration(proxyBeanMethods = false)
final class MembershipEventConfiguration {

	@Bean
	MembershipEventPublisher clusterMembershipEvents(ApplicationEventPublisher publisher) {
		return new MembershipEventPublisher(publisher);
	}

}
