package dev.podcluster.actuate;

import dev.podcluster.autoconfigure.ClusterAutoConfiguration;
import dev.podcluster.autoconfigure.ClusterMembershipAutoConfiguration;
import dev.podcluster.autoconfigure.ClusterMetricsAutoConfiguration;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.membership.ClusterView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, HazelcastAutoConfiguration.class,
				ClusterMembershipAutoConfiguration.class, ClusterMetricsAutoConfiguration.class))
		.withPropertyValues("cluster.discovery.mode=none", "cluster.naming.name=test-node",
				"cluster.hazelcast.address=127.0.0.1");

	private final ApplicationContextRunner withMetrics = this.contextRunner
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class));

	@Test
	void bindsTheClusterMetricsToTheRegistry() {
		this.withMetrics.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("cluster.members").gauge().value()).isEqualTo(1.0);
			assertThat(registry.get("cluster.discovery.seeds").gauge().value()).isZero();
			assertThat(registry.get("cluster.discovery.lookups").tag("outcome", "success").functionTimer().count())
				.isGreaterThanOrEqualTo(1.0);
			assertThat(registry.get("cluster.members.joined").counter().count()).isZero();
		});
	}

	@Test
	void staysOutWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ClusterMetrics.class));
	}

	@Test
	void staysOutWithoutMicrometer() {
		this.contextRunner.withUserConfiguration(RegistryConfiguration.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterMetrics.class));
	}

	@Test
	void backsOffWhenTheUserDefinesClusterMetrics() {
		this.withMetrics.withUserConfiguration(UserMetricsConfiguration.class)
			.run((context) -> assertThat(context).getBean(ClusterMetrics.class)
				.isSameAs(context.getBean("usersMetrics")));
	}

	@Test
	void staysOutWhenTheClusterIsDisabled() {
		this.withMetrics.withPropertyValues("cluster.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(MeterRegistry.class)
				.doesNotHaveBean(ClusterMetrics.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		SimpleMeterRegistry registry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetricsConfiguration {

		@Bean
		ClusterMetrics usersMetrics(ClusterView view, SeedTracker seeds) {
			return new ClusterMetrics(view, seeds);
		}

	}

}
