package dev.podcluster.discovery;

/**
 * A lookup that failed: DNS timed out, refused, answered NXDOMAIN or SERVFAIL, or held no
 * usable record.
 *
 * @since 0.1.0
 */
public class SeedLookupException extends Exception {

	public SeedLookupException(String message) {
		super(message);
	}

	public SeedLookupException(String message, Throwable cause) {
		super(message, cause);
	}

}
