package dev.podcluster.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link UnsupportedHazelcastVersionException}: the version found, the
 * supported range, and how to pick a supported version in the build.
 */
final class UnsupportedHazelcastVersionFailureAnalyzer
		extends AbstractFailureAnalyzer<UnsupportedHazelcastVersionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedHazelcastVersionException cause) {
		String found = "Hazelcast " + cause.getVersion()
				+ ((cause.getLocation() != null) ? " (" + cause.getLocation() + ")" : "");
		String description = "The cluster cannot start: the class path has " + found
				+ ", and cluster-spring-boot-starter runs with Hazelcast " + SupportedHazelcast.RANGE + ".";
		String action = "Set the Hazelcast version your build resolves to a supported one, e.g. the newest, "
				+ SupportedHazelcast.NEWEST + ":\n" + "    Maven: <hazelcast.version>" + SupportedHazelcast.NEWEST
				+ "</hazelcast.version> in the pom's <properties>\n" + "    Gradle: ext['hazelcast.version'] = '"
				+ SupportedHazelcast.NEWEST + "' in build.gradle (Kotlin: extra[\"hazelcast.version\"] = \""
				+ SupportedHazelcast.NEWEST + "\")\n"
				+ "Spring Boot's dependency management reads that property. Then check what the build resolves:"
				+ " ./mvnw dependency:tree -Dincludes=com.hazelcast or ./gradlew dependencyInsight --dependency"
				+ " com.hazelcast:hazelcast.";
		return new FailureAnalysis(description, action, cause);
	}

}
