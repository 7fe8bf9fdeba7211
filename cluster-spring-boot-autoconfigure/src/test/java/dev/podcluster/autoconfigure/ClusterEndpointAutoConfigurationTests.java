package dev.podcluster.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.actuate.ClusterDescriptor;
import dev.podcluster.actuate.ClusterEndpoint;
import dev.podcluster.discovery.SeedAnswer;
import dev.podcluster.discovery.SeedProvider;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.membership.ClusterView;
import dev.podcluster.naming.NodeIdentity;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, HazelcastAutoConfiguration.class,
				ClusterMembershipAutoConfiguration.class, ClusterEndpointAutoConfiguration.class))
		.withPropertyValues("cluster.discovery.mode=none", "cluster.naming.name=test-node",
				"cluster.hazelcast.address=127.0.0.1");

	@Test
	void runsWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=cluster")
			.run((context) -> assertThat(context.getBean(ClusterEndpoint.class).cluster().local().name())
				.isEqualTo("test-node"));
	}

	@Test
	void showsAJoinRefusedForAnotherHazelcastMinorVersion() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=cluster").run((context) -> {
			ClusterEndpoint endpoint = context.getBean(ClusterEndpoint.class);
			assertThat(endpoint.cluster().refusedJoin()).isNull();
			// As the master of a 5.5 cluster words it (ClusterJoinManager).
			context.getBean(HazelcastInstance.class)
				.getLoggingService()
				.getLogger("com.hazelcast.internal.cluster.impl.ClusterJoinManager")
				.warning("Joining node's version 5.7.0 is not compatible with cluster version 5.5 (Rolling Member"
						+ " Upgrades are only supported in Hazelcast Enterprise)");
			ClusterDescriptor.RefusedJoin refused = endpoint.cluster().refusedJoin();
			assertThat(refused).isNotNull();
			assertThat(refused.joiningVersion()).isEqualTo("5.7.0");
			assertThat(refused.clusterVersion()).isEqualTo("5.5");
			assertThat(refused.thisMember()).isFalse();
			assertThat(refused.reason()).startsWith("a member of Hazelcast 5.7.0 asked to join at ");
		});
	}

	@Test
	void doesNotRunWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class));
	}

	@Test
	void doesNotRunWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=cluster",
					"management.endpoint.cluster.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=cluster")
			.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> assertThat(context).getBean(ClusterEndpoint.class)
				.isSameAs(context.getBean("usersEndpoint")));
	}

	@Test
	void staysOutWithoutTheActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=cluster")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class));
	}

	@Test
	void staysOutWhenTheClusterIsDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=cluster", "cluster.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterEndpoint.class));
	}

	@Test
	void lookupNowHonoursTheMinimumInterval() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=cluster",
					"cluster.discovery.min-interval=1m", "cluster.discovery.interval=5m")
			.withUserConfiguration(CountingSeedsConfiguration.class)
			.run((context) -> {
				ClusterEndpoint endpoint = context.getBean(ClusterEndpoint.class);
				ClusterDescriptor.Discovery first = endpoint.lookup();
				ClusterDescriptor.Discovery second = endpoint.lookup();
				assertThat(second.lastLookup()).isNotNull().isEqualTo(first.lastLookup());
				// A provider of the application's own shows as custom.
				assertThat(second.mode()).isEqualTo("custom");
				// The lookup at start-up, and none for the two asks within the minute.
				assertThat(context.getBean(CountingSeedsConfiguration.class).lookups).hasValue(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class CountingSeedsConfiguration {

		final AtomicInteger lookups = new AtomicInteger();

		@Bean
		SeedProvider countingSeeds() {
			return new SeedProvider() {

				@Override
				public String query() {
					return "counting";
				}

				@Override
				public SeedAnswer lookup() {
					CountingSeedsConfiguration.this.lookups.incrementAndGet();
					return new SeedAnswer(List.of(), List.of(), List.of(), Duration.ZERO);
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		ClusterEndpoint usersEndpoint(NodeIdentity identity, ClusterView view, SeedTracker seeds) {
			return new ClusterEndpoint("users", 3, identity, view, seeds, Clock.systemUTC());
		}

	}

}
