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
	 * Returns the name shown as the discovery mode at {@code /actuator/cluster}.
	 * @return the name; {@code custom} unless overridden
	 */
	default String name() {
		return "custom";
	}

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
	 * Returns whether this provider looks anything up. One that does is polled, and a
	 * start that expects several members waits for its seeds; one that does not (a member
	 * that runs alone) is asked once.
	 * @return whether lookups find members; {@code true} unless overridden
	 */
	default boolean looksUp() {
		return true;
	}

	/**
	 * Returns whether an answer lists every member, this one included, as the endpoints
	 * of a Service do. A member of such a provider is Ready only once an answer has
	 * listed its own address: until then its peers cannot find it either.
	 * @return whether answers list this member too; {@code false} unless overridden
	 */
	default boolean listsEveryMember() {
		return false;
	}

	/**
	 * Returns whether the seeds carry the zone and node their pods run in
	 * ({@link Seed#zone()}, {@link Seed#node()}), as the Kubernetes API's EndpointSlices
	 * do: a member whose {@code cluster.zone} or {@code cluster.node} is not set then
	 * takes them from its own seed, waiting at start-up for an answer that lists it.
	 * @return whether seeds say where they run; {@code false} unless overridden
	 */
	default boolean locatesSeeds() {
		return false;
	}

	/**
	 * Takes what to run when this provider learns by itself that its answer changed (a
	 * watch of the Kubernetes API does): the seeds are then looked up again as soon as
	 * {@code cluster.discovery.min-interval} allows, not only at the next poll. Called
	 * once, before the first lookup; a provider that only answers lookups ignores it.
	 * @param changed what to run on a change, from any thread; it returns at once
	 */
	default void onChange(Runnable changed) {
	}

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
			public String name() {
				return DiscoveryMode.NONE.configValue();
			}

			@Override
			public boolean looksUp() {
				return false;
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
