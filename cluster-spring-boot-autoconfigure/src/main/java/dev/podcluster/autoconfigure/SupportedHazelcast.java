package dev.podcluster.autoconfigure;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The Hazelcast versions the starter runs with: the 5.5, 5.6 and 5.7 lines, from what
 * Spring Boot 4.1 manages (5.5.0) to the newest Community release (5.7.0). The build
 * tests each of 5.5.0, 5.6.0 and 5.7.0.
 */
final class SupportedHazelcast {

	/** The supported range, as a user reads it. */
	static final String RANGE = "5.5.0 up to 5.7.x (tested: 5.5.0, 5.6.0, 5.7.0)";

	/** The version a fix suggests: the newest Community release. */
	static final String NEWEST = "5.7.0";

	private static final int MAJOR = 5;

	private static final int OLDEST_MINOR = 5;

	private static final int NEWEST_MINOR = 7;

	private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(\\.\\d+)?([-.].*)?");

	private SupportedHazelcast() {
	}

	/**
	 * Checks the version of the Hazelcast on the class path.
	 * @param version the version, as Hazelcast's build info has it, e.g. {@code 5.5.0}
	 * @param location where Hazelcast's classes come from, for the report, if known
	 * @throws UnsupportedHazelcastVersionException when it is outside the range
	 */
	static void check(String version, @Nullable String location) {
		if (!isSupported(version)) {
			throw new UnsupportedHazelcastVersionException(version, location);
		}
	}

	static boolean isSupported(String version) {
		Matcher matcher = VERSION.matcher(version.trim());
		if (!matcher.matches()) {
			return false;
		}
		int major = Integer.parseInt(matcher.group(1));
		int minor = Integer.parseInt(matcher.group(2));
		return major == MAJOR && minor >= OLDEST_MINOR && minor <= NEWEST_MINOR;
	}

}
