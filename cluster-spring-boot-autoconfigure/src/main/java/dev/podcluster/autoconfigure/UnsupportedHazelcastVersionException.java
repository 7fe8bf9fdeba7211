package dev.podcluster.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when the Hazelcast on the class path is one the starter does not run
 * with.
 */
final class UnsupportedHazelcastVersionException extends RuntimeException {

	private final String version;

	private final @Nullable String location;

	UnsupportedHazelcastVersionException(String version, @Nullable String location) {
		super("Hazelcast " + version + " is not supported; supported: " + SupportedHazelcast.RANGE);
		this.version = version;
		this.location = location;
	}

	/**
	 * Returns the version found.
	 * @return the version
	 */
	String getVersion() {
		return this.version;
	}

	/**
	 * Returns where the Hazelcast classes were loaded from, when known.
	 * @return the jar, or {@code null}
	 */
	@Nullable String getLocation() {
		return this.location;
	}

}
