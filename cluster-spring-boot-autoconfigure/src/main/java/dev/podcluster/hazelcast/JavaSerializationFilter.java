package dev.podcluster.hazelcast;

import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.SerializationConfig;

/**
 * Which classes a member may read from Java serialization: what other members send (map
 * values, entry processors, messages) is deserialized, so without a filter any peer that
 * reaches port 5701 can hand it a gadget chain. When on, Hazelcast's own allow list
 * ({@code java}, {@code com.hazelcast.}, arrays) holds, widened by the application's
 * packages and the Spring value classes that Spring keeps in Hazelcast, and narrowed by
 * JDK packages that known gadget chains go through.
 *
 * @param enabled whether the filter is set
 * @param applicationPackages packages whose classes, and their subpackages', may be
 * deserialized besides Hazelcast's defaults: Spring Boot's auto-configuration packages
 * @param allowed further class names, or package prefixes ending in a dot, the
 * application's values need (other libraries' classes)
 */
record JavaSerializationFilter(boolean enabled, List<String> applicationPackages, List<String> allowed) {

	/**
	 * Values Spring itself stores in Hazelcast: cache keys of methods with several
	 * arguments, and Spring Session's sessions. What they hold is filtered on its own.
	 */
	static final List<String> SPRING_VALUE_CLASSES = List.of("org.springframework.cache.interceptor.SimpleKey",
			"org.springframework.session.MapSession");

	/**
	 * Packages under Hazelcast's {@code java} prefix that serve as triggers or sinks of
	 * known gadget chains (RMI and JNDI lookups, JMX's toString trigger, Swing's lazy
	 * values, row sets, Javassist proxies) and that no cached value needs.
	 */
	static final List<String> DENIED_PREFIXES = List.of("java.rmi.", "javax.management.", "javax.naming.",
			"javax.swing.", "javax.sql.rowset.", "javassist.");

	public JavaSerializationFilter {
		applicationPackages = List.copyOf(applicationPackages);
		allowed = allowed.stream().map(String::trim).filter((name) -> !name.isEmpty()).toList();
	}

	/**
	 * Creates a filter with no further allowed classes.
	 * @param enabled whether the filter is set
	 * @param applicationPackages the application's packages
	 */
	public JavaSerializationFilter(boolean enabled, List<String> applicationPackages) {
		this(enabled, applicationPackages, List.of());
	}

	/**
	 * Sets the filter on a configuration, unless it is off or the configuration already
	 * has a filter of its own (from the application's Hazelcast file or {@code Config}),
	 * which then wins.
	 * @param config the configuration to change
	 */
	public void applyTo(Config config) {
		SerializationConfig serialization = config.getSerializationConfig();
		if (!this.enabled || serialization.getJavaSerializationFilterConfig() != null) {
			return;
		}
		// Defaults left on: Hazelcast's allow list (java, com.hazelcast., arrays) stays.
		JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
		filter.getWhitelist().addClasses(SPRING_VALUE_CLASSES.toArray(String[]::new));
		filter.getWhitelist()
			.addPrefixes(this.applicationPackages.stream().map((name) -> name + ".").toArray(String[]::new));
		// A prefix matches the class it names too.
		filter.getWhitelist().addPrefixes(this.allowed.toArray(String[]::new));
		filter.getBlacklist().addPrefixes(DENIED_PREFIXES.toArray(String[]::new));
		serialization.setJavaSerializationFilterConfig(filter);
	}

}
