package dev.podcluster.autoconfigure;

import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Imports the package-private configuration classes that wire each stage, by name, in the
 * order an auto-configuration lists them: the classes live next to what they wire, so
 * that only what an application uses is public.
 */
abstract class ClusterConfigurationImportSelector implements ImportSelector {

	private final String[] classNames;

	ClusterConfigurationImportSelector(String... classNames) {
		this.classNames = classNames;
	}

	@Override
	public final String[] selectImports(AnnotationMetadata importingClassMetadata) {
		return this.classNames.clone();
	}

	/**
	 * Naming, discovery, the configurer and the annotator of this member's pod, for
	 * {@link ClusterAutoConfiguration}.
	 */
	static final class Node extends ClusterConfigurationImportSelector {

		Node() {
			super("dev.podcluster.discovery.SeedTrackingConfiguration",
					"dev.podcluster.naming.NodeIdentityConfiguration",
					"dev.podcluster.hazelcast.ClusterConfigurerConfiguration",
					"dev.podcluster.discovery.SeedProviderConfiguration",
					"dev.podcluster.discovery.PodAnnotatorConfiguration");
		}

	}

	/**
	 * The cluster view, the membership events and the pod deletion cost, for
	 * {@link ClusterMembershipAutoConfiguration}.
	 */
	static final class Membership extends ClusterConfigurationImportSelector {

		Membership() {
			super("dev.podcluster.membership.ClusterMembershipConfiguration",
					"dev.podcluster.event.MembershipEventConfiguration",
					"dev.podcluster.membership.PodDeletionCostConfiguration");
		}

	}

	/**
	 * The endpoint, for {@link ClusterEndpointAutoConfiguration}.
	 */
	static final class Endpoint extends ClusterConfigurationImportSelector {

		Endpoint() {
			super("dev.podcluster.actuate.ClusterEndpointConfiguration");
		}

	}

	/**
	 * The health indicator, for {@link ClusterHealthContributorAutoConfiguration}.
	 */
	static final class Health extends ClusterConfigurationImportSelector {

		Health() {
			super("dev.podcluster.actuate.ClusterHealthConfiguration");
		}

	}

	/**
	 * The meters, for {@link ClusterMetricsAutoConfiguration}.
	 */
	static final class Metrics extends ClusterConfigurationImportSelector {

		Metrics() {
			super("dev.podcluster.actuate.ClusterMetricsConfiguration");
		}

	}

}
