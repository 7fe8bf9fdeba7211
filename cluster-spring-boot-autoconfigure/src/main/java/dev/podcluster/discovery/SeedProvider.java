package dev.podcluster.discovery;

import java.time.Duration;
import java.util.List;

/**
 * Finds the places where cluster members may listen. The starter builds one from
 * {@code cluster.discovery.*}; an application that defines its own {@code SeedProvider}
 * bean (seeds from a service registry, say) replaces it.
 *
 * @since 0.1.0
 */
public interface SeedProvider {

	/**
	 * Returns the mode this provider implements.
	 * @return the discovery mode
	 */
	DiscoveryMode mode();

	/**
	 * Returns what is looked up, in the user's terms (a DNS name, or the static list).
	 * @return the query
	 */
	String query();

	/**
	 * Looks the seeds up now. Blocks for at most the provider's own timeout.
	 * @return the answer
	 * @throws SeedLookupException when the lookup failed; the message says why in the
	 * user's terms
	 */
	SeedAnswer lookup() throws SeedLookupException;

	/**
	 * Returns whether every seed is on this machine's loopback, so the node binds
	 * loopback too.
	 * @return whether the whole cluster is on this machine
	 */
	default boolean isLoopbackOnly() {
		return false;
	}

	/**
	 * Returns a provider that finds nothing, for a member that runs alone.
	 * @return the provider
	 */
	static SeedProvider none() {
		return new SeedProvider() {

			@Override
			public DiscoveryMode mode() {
				return DiscoveryMode.NONE;
			}

			@Override
			public String query() {
				return "";
			}

			@Override
			public SeedAnswer lookup() {
				return new SeedAnswer(List.of(), List.of(), List.of(), Duration.ZERO);
			}

		};
	}

}
