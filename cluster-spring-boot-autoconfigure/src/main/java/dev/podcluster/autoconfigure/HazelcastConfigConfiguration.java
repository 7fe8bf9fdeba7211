package dev.podcluster.autoconfigure;

import com.hazelcast.config.Config;
import dev.podcluster.hazelcast.ClusterConfigurer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * The Hazelcast {@link Config} Boot starts the member from. Boot applies {@link HazelcastConfigCustomizer}s only to
 * file-based configuration, so they are applied here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(Config.class)
class HazelcastConfigConfiguration {

	@Bean
	Config hazelcastConfig(ClusterConfigurer configurer, ObjectProvider<HazelcastConfigCustomizer> customizers,
			ResourceLoader resourceLoader) {
		Config config = new Config();
		config.setClassLoader(resourceLoader.getClassLoader());
		configurer.configure(config);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(config));
		return config;
	}

}
