package dev.podcluster.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A clustered Spring Boot application: every instance joins one Hazelcast cluster, shares
 * a counter and a map, relays messages to every instance, and runs one job on exactly one
 * of them. Its status page is at {@code /}.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
