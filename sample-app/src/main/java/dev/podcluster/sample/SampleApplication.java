package dev.podcluster.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A clustered Spring Boot application: every instance joins one Hazelcast cluster, shares
 * a counter, a map, HTTP sessions and a cache, relays messages to every instance, and
 * runs one job on exactly one of them. Its status page is at {@code /}.
 */
@SpringBootApplication
@EnableScheduling
@EnableCaching
@EnableConfigurationProperties(SampleLimits.class)
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
