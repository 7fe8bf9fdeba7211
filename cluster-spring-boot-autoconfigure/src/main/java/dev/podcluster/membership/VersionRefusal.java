package dev.podcluster.membership;

import java.time.Instant;

/**
 * A join refused because the members run different Hazelcast minor versions: Hazelcast
 * Community members of different minor versions never form one cluster (rolling upgrades
 * across minor versions are an Enterprise feature).
 *
 * @param joiningVersion the Hazelcast version of the member that asked to join
 * @param clusterVersion the cluster's version ({@code major.minor})
 * @param thisMember whether this member was refused (else this member's cluster refused
 * another)
 * @param at when it was refused
 * @since 0.1.0
 */
public record VersionRefusal(String joiningVersion, String clusterVersion, boolean thisMember, Instant at) {

	/** Where the upgrade guide is. */
	static final String GUIDE = "see \"Upgrades\" in docs/kubernetes.md";

	/**
	 * What happened, in a sentence.
	 * @return the description
	 */
	public String description() {
		if (this.thisMember) {
			return "the cluster runs Hazelcast " + this.clusterVersion
					+ " and refused this member, which runs Hazelcast " + this.joiningVersion
					+ ": Hazelcast Community members of different minor versions never form one cluster";
		}
		return "a member of Hazelcast " + this.joiningVersion + " asked to join at " + this.at
				+ " and was refused: this cluster runs Hazelcast " + this.clusterVersion
				+ ", and Hazelcast Community members of different minor versions never form one cluster; a rollout"
				+ " to another Hazelcast minor version waits on its first new pod (" + GUIDE + ")";
	}

}
