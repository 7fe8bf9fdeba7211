package dev.podcluster.discovery;

import org.jspecify.annotations.Nullable;

/**
 * A lookup that failed: DNS timed out, refused, answered NXDOMAIN or SERVFAIL, or held no
 * usable record.
 *
 * @since 0.1.0
 */
public class SeedLookupException extends Exception {

	private final @Nullable String fix;

	public SeedLookupException(String message) {
		this(message, null, null);
	}

	public SeedLookupException(String message, Throwable cause) {
		this(message, null, cause);
	}

	/**
	 * Creates an exception that says what the user can do about it.
	 * @param message what failed, in the user's terms
	 * @param fix the likely fix, in the user's terms, or {@code null}
	 * @param cause the underlying failure, or {@code null}
	 */
	public SeedLookupException(String message, @Nullable String fix, @Nullable Throwable cause) {
		super(message, cause);
		this.fix = fix;
	}

	/**
	 * Returns the likely fix, naming the setting to check.
	 * @return the fix, or {@code null} when there is none to suggest
	 */
	public @Nullable String fix() {
		return this.fix;
	}

}
