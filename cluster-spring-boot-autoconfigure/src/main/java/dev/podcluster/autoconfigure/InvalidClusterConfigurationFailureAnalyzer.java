package dev.podcluster.autoconfigure;

import dev.podcluster.InvalidClusterConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports an {@link InvalidClusterConfigurationException} as what is wrong, which
 * property, and the fix.
 *
 * @since 0.1.0
 */
final class InvalidClusterConfigurationFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidClusterConfigurationException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidClusterConfigurationException cause) {
		String description = "The cluster cannot start: " + cause.getProblem() + ".\n\n    Property: "
				+ cause.getProperty();
		return new FailureAnalysis(description, cause.getFix(), cause);
	}

	@Override
	public int getOrder() {
		// Ahead of Boot's bind analyzers, which would report our message with less
		// context.
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
