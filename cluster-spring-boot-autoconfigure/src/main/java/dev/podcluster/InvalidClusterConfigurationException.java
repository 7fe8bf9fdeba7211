package dev.podcluster;

/**
 * Thrown when {@code cluster.*} configuration cannot work, naming the property and the
 * fix.
 *
 * @since 0.1.0
 */
public final class InvalidClusterConfigurationException extends RuntimeException {

	private final String property;

	private final String problem;

	private final String fix;

	public InvalidClusterConfigurationException(String property, String problem, String fix) {
		super(property + ": " + problem + ". " + fix);
		this.property = property;
		this.problem = problem;
		this.fix = fix;
	}

	public String getProperty() {
		return this.property;
	}

	public String getProblem() {
		return this.problem;
	}

	public String getFix() {
		return this.fix;
	}

}
