package dev.podcluster.actuate;

import dev.podcluster.autoconfigure.ClusterAutoConfiguration;
import dev.podcluster.autoconfigure.ClusterHealthContributorAutoConfiguration;
import dev.podcluster.autoconfigure.ClusterMembershipAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, HazelcastAutoConfiguration.class,
				ClusterMembershipAutoConfiguration.class, ClusterHealthContributorAutoConfiguration.class))
		.withPropertyValues("cluster.discovery.mode=none", "cluster.naming.name=test-node",
				"cluster.hazelcast.address=127.0.0.1");

	@Test
	void runsByDefault() {
		this.contextRunner.run((context) -> {
			Health health = context.getBean(ClusterHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("size", 1).containsEntry("oldest", "test-node");
		});
	}

	@Test
	void doesNotRunWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.cluster.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterHealthIndicator.class));
	}

	@Test
	void backsOffWhenTheUserDefinesAClusterHealthIndicator() {
		this.contextRunner.withUserConfiguration(UserHealthConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterHealthIndicator.class)
				.hasBean("clusterHealthIndicator"));
	}

	@Test
	void staysOutWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterHealthIndicator.class));
	}

	@Test
	void needsNoActuatorEndpointClasses() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasSingleBean(ClusterHealthIndicator.class));
	}

	@Test
	void staysOutWhenTheClusterIsDisabled() {
		this.contextRunner.withPropertyValues("cluster.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserHealthConfiguration {

		@Bean
		HealthIndicator clusterHealthIndicator() {
			return () -> Health.up().build();
		}

	}

}
