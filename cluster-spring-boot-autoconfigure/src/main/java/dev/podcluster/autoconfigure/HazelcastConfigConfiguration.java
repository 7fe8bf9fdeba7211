package dev.podcluster.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;

import com.hazelcast.config.Config;
import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.hazelcast.ClusterConfigurer;
import dev.podcluster.membership.ClusterVersionWatch;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * The Hazelcast {@link Config} Boot starts the member from: the application's own
 * Hazelcast file when it has one (where Boot would look for it), with naming and
 * discovery applied over it. Boot applies {@link HazelcastConfigCustomizer}s only to
 * file-based configuration, so they are applied here. The member reports joins refused
 * for another Hazelcast minor version ({@link ClusterVersionWatch}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(Config.class)
final class HazelcastConfigConfiguration {

	/**
	 * Boot's own search order for a Hazelcast file, after
	 * {@code spring.hazelcast.config}.
	 */
	private static final List<String> DEFAULT_LOCATIONS = List.of("file:./hazelcast.xml", "classpath:/hazelcast.xml",
			"file:./hazelcast.yaml", "classpath:/hazelcast.yaml", "file:./hazelcast.yml", "classpath:/hazelcast.yml");

	@Bean
	@ConditionalOnMissingBean
	ClusterVersionWatch clusterVersionWatch(ClusterProperties properties) {
		return new ClusterVersionWatch(properties.clusterName(), Clock.systemUTC());
	}

	@Bean
	Config hazelcastConfig(ClusterConfigurer configurer, ClusterVersionWatch versionWatch,
			ObjectProvider<HazelcastConfigCustomizer> customizers, ResourceLoader resourceLoader,
			Environment environment) throws IOException {
		Resource file = configFile(resourceLoader, environment);
		Config config = (file != null) ? load(file) : new Config();
		config.setClassLoader(resourceLoader.getClassLoader());
		configurer.configure(config);
		versionWatch.applyTo(config);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(config));
		return config;
	}

	private static @Nullable Resource configFile(ResourceLoader resourceLoader, Environment environment) {
		String configured = environment.getProperty("spring.hazelcast.config",
				environment.getProperty("hazelcast.config", ""));
		if (StringUtils.hasText(configured)) {
			Resource resource = resourceLoader.getResource(configured);
			if (!resource.exists()) {
				throw new InvalidClusterConfigurationException("spring.hazelcast.config",
						"the Hazelcast configuration file '" + configured + "' does not exist",
						"Point spring.hazelcast.config at an existing hazelcast.xml or hazelcast.yaml, or remove it.");
			}
			return resource;
		}
		return DEFAULT_LOCATIONS.stream()
			.map(resourceLoader::getResource)
			.filter(Resource::exists)
			.findFirst()
			.orElse(null);
	}

	private static Config load(Resource file) throws IOException {
		try (InputStream stream = file.getInputStream()) {
			// Detects XML or YAML by content, as Boot does.
			return Config.loadFromStream(stream);
		}
	}

}
