package dev.podcluster.autoconfigure;

import java.net.URL;
import java.security.CodeSource;

import com.hazelcast.instance.BuildInfoProvider;
import dev.podcluster.ClusterPropertyRules;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Stops start-up, before any bean is created, when the class path has a Hazelcast outside
 * {@link SupportedHazelcast#RANGE}: the user reads the version and the fix instead of a
 * {@code NoSuchMethodError} from inside Hazelcast's join.
 */
final class HazelcastVersionCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final String BUILD_INFO = "com.hazelcast.instance.BuildInfoProvider";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		boolean enabled = context.getEnvironment().getProperty(ClusterPropertyRules.ENABLED, Boolean.class, true);
		if (enabled && ClassUtils.isPresent(BUILD_INFO, context.getClassLoader())) {
			InstalledHazelcast.check();
		}
	}

	/** Touches Hazelcast's classes only once they are known to be there. */
	private static final class InstalledHazelcast {

		static void check() {
			SupportedHazelcast.check(BuildInfoProvider.getBuildInfo().getVersion(), location());
		}

		private static @Nullable String location() {
			CodeSource source = BuildInfoProvider.class.getProtectionDomain().getCodeSource();
			URL url = (source != null) ? source.getLocation() : null;
			return (url != null) ? url.toString() : null;
		}

	}

}
