package dev.podcluster.membership;

import java.time.Clock;
import java.time.Duration;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.autoconfigure.ClusterProperties;
import dev.podcluster.discovery.PodAnnotator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The deletion cost on this member's pod, when
 * {@code cluster.kubernetes.pod-deletion-cost.enabled} is true.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(ClusterPropertyRules.KUBERNETES_POD_DELETION_COST_ENABLED)
final class PodDeletionCostConfiguration {

	private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	private static final Duration LONGEST_RETRY = Duration.ofSeconds(60);

	@Bean(destroyMethod = "close")
	PodDeletionCost clusterPodDeletionCost(ClusterProperties properties, ClusterView view, PodAnnotator annotator) {
		PodDeletionCost cost = new PodDeletionCost(view, annotator, properties.kubernetes().podDeletionCost().members(),
				FIRST_RETRY, LONGEST_RETRY, Clock.systemUTC());
		cost.start();
		return cost;
	}

}
