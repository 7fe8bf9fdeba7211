package dev.podcluster.autoconfigure;

import java.io.Serializable;

import javax.management.BadAttributeValueExpException;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Hazelcast's Java deserialization filter: on by default, off with
 * {@code cluster.hazelcast.java-serialization-filter=false}, the application's own filter
 * winning; and on a running member, gadget classes refused while the application's values
 * go through.
 */
class JavaSerializationFilterTests {

	private final ApplicationContextRunner configRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("cluster.naming.name=test-node", "cluster.hazelcast.address=127.0.0.1");

	private final ApplicationContextRunner memberRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, HazelcastAutoConfiguration.class))
		.withUserConfiguration(ApplicationPackage.class)
		.withPropertyValues("cluster.discovery.mode=none", "cluster.naming.name=test-node",
				"cluster.hazelcast.address=127.0.0.1", "cluster.hazelcast.port=5921");

	@Test
	void filterIsOnByDefaultWithTheApplicationsPackages() {
		this.configRunner.withUserConfiguration(ApplicationPackage.class).run((context) -> {
			JavaSerializationFilterConfig filter = filter(context.getBean(Config.class));
			assertThat(filter).isNotNull();
			assertThat(filter.isDefaultsDisabled()).as("Hazelcast's own allow list kept").isFalse();
			assertThat(filter.getWhitelist().getPrefixes()).containsExactly("dev.podcluster.autoconfigure.");
			assertThat(filter.getWhitelist().getClasses()).contains("org.springframework.session.MapSession",
					"org.springframework.cache.interceptor.SimpleKey");
			assertThat(filter.getBlacklist().getPrefixes()).contains("javax.management.", "java.rmi.", "javax.naming.");
		});
	}

	@Test
	void propertyTurnsTheFilterOff() {
		this.configRunner.withPropertyValues("cluster.hazelcast.java-serialization-filter=false")
			.run((context) -> assertThat(filter(context.getBean(Config.class))).isNull());
	}

	@Test
	void filterOfTheApplicationsHazelcastFileWins() {
		this.configRunner
			.withPropertyValues("spring.hazelcast.config=classpath:hazelcast/own-serialization-filter.yaml")
			.run((context) -> {
				JavaSerializationFilterConfig filter = filter(context.getBean(Config.class));
				assertThat(filter).isNotNull();
				assertThat(filter.isDefaultsDisabled()).isTrue();
				assertThat(filter.getWhitelist().getClasses()).containsExactly("com.example.Order");
				assertThat(filter.getBlacklist().getPrefixes()).isEmpty();
			});
	}

	@Test
	void memberReadsTheApplicationsValuesAndRefusesGadgets() {
		this.memberRunner.run((context) -> {
			IMap<String, Object> map = context.getBean(HazelcastInstance.class).getMap("values");
			map.set("order", new Order("o-1", 3));
			map.set("gadget", new BadAttributeValueExpException("payload"));
			map.set("unlisted", new LinkedMultiValueMap<String, String>());
			assertThat(map.get("order")).isEqualTo(new Order("o-1", 3));
			assertThatException().isThrownBy(() -> map.get("gadget"))
				.havingRootCause()
				.isInstanceOf(SecurityException.class)
				.withMessageContaining("javax.management.BadAttributeValueExpException");
			assertThatException().isThrownBy(() -> map.get("unlisted"))
				.havingRootCause()
				.isInstanceOf(SecurityException.class)
				.withMessageContaining("org.springframework.util.LinkedMultiValueMap");
		});
	}

	@Test
	void classesOfOtherLibrariesAreReadOnceAllowed() {
		this.memberRunner.withPropertyValues("cluster.hazelcast.java-serialization-allowed=org.springframework.util.")
			.run((context) -> {
				IMap<String, Object> map = context.getBean(HazelcastInstance.class).getMap("values");
				map.set("listed", new LinkedMultiValueMap<String, String>());
				map.set("gadget", new BadAttributeValueExpException("payload"));
				assertThat(map.get("listed")).isInstanceOf(LinkedMultiValueMap.class);
				assertThatException().isThrownBy(() -> map.get("gadget"))
					.havingRootCause()
					.isInstanceOf(SecurityException.class);
			});
	}

	@Test
	void memberWithoutTheFilterReadsAnyClass() {
		this.memberRunner.withPropertyValues("cluster.hazelcast.java-serialization-filter=false").run((context) -> {
			IMap<String, Object> map = context.getBean(HazelcastInstance.class).getMap("values");
			map.set("gadget", new BadAttributeValueExpException("payload"));
			assertThat(map.get("gadget")).isInstanceOf(BadAttributeValueExpException.class);
		});
	}

	private static @Nullable JavaSerializationFilterConfig filter(Config config) {
		return config.getSerializationConfig().getJavaSerializationFilterConfig();
	}

	/** The application's packages, as {@code @SpringBootApplication} registers them. */
	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class ApplicationPackage {

	}

	record Order(String id, int quantity) implements Serializable {

	}

}
