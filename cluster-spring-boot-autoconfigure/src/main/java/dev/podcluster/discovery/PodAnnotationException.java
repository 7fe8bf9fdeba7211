package dev.podcluster.discovery;

import org.jspecify.annotations.Nullable;

/**
 * A pod annotation the Kubernetes API did not set, with what to do about it.
 *
 * @since 0.1.0
 */
public class PodAnnotationException extends Exception {

	private final @Nullable String fix;

	/**
	 * Creates an exception that says what the user can do about it.
	 * @param message what failed, in the user's terms
	 * @param fix the likely fix, in the user's terms, or {@code null}
	 * @param cause the underlying failure, or {@code null}
	 */
	public PodAnnotationException(String message, @Nullable String fix, @Nullable Throwable cause) {
		super(message, cause);
		this.fix = fix;
	}

	/**
	 * Returns the likely fix.
	 * @return the fix, or {@code null} when there is none to suggest
	 */
	public @Nullable String fix() {
		return this.fix;
	}

}
