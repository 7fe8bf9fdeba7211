package dev.podcluster.actuate;

import java.util.List;
import java.util.function.Supplier;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.discovery.DiscoverySnapshot;
import dev.podcluster.discovery.Seed;
import dev.podcluster.membership.ClusterMember;
import dev.podcluster.membership.ClusterView;
import dev.podcluster.membership.SplitBrainProtectionStatus;
import dev.podcluster.membership.VersionRefusal;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Cluster health, made for the readiness probe. DOWN when the member is not running.
 * OUT_OF_SERVICE until the member may take traffic: with a provider whose answers list
 * every member (DNS SRV) until a lookup has listed this member's own address (the Service
 * finds this pod), and until the cluster has first reached the expected members. From
 * then on UP while the member runs, however many peers it loses: a crash, a rollout or a
 * drain never takes the survivors out of the Service, unless split-brain protection is on
 * ({@code cluster.split-brain-protection}): then OUT_OF_SERVICE while this member's side
 * is below the protection's minimum, and while it merges back after the heal. When
 * partitions are grouped by zone, the details show the members per zone and warn, without
 * changing the status, when backups cannot be kept out of their primary's zone. The
 * details also show the last join refused because the member asking runs another
 * Hazelcast minor version.
 *
 * @since 0.1.0
 */
final class ClusterHealthIndicator extends AbstractHealthIndicator {

	private final ClusterView view;

	private final int expectedMembers;

	private final @Nullable Supplier<DiscoverySnapshot> discovery;

	private final @Nullable String selfAddress;

	private final @Nullable Supplier<@Nullable VersionRefusal> refusals;

	/**
	 * Creates an indicator that looks at membership only.
	 * @param view the cluster as this member sees it
	 * @param expectedMembers the members the cluster must first reach
	 */
	ClusterHealthIndicator(ClusterView view, int expectedMembers) {
		this(view, expectedMembers, null, null, null);
	}

	/**
	 * Creates an indicator that also requires discovery whose answers list every member
	 * (DNS SRV) to have listed this member once.
	 * @param view the cluster as this member sees it
	 * @param expectedMembers the members the cluster must first reach
	 * @param discovery what discovery knows now
	 * @param selfAddress this member's advertised address ({@code ip:port}), for the
	 * operator
	 */
	ClusterHealthIndicator(ClusterView view, int expectedMembers, @Nullable Supplier<DiscoverySnapshot> discovery,
			@Nullable String selfAddress) {
		this(view, expectedMembers, discovery, selfAddress, null);
	}

	/**
	 * Creates an indicator that also shows the last join refused for another Hazelcast
	 * minor version.
	 * @param view the cluster as this member sees it
	 * @param expectedMembers the members the cluster must first reach
	 * @param discovery what discovery knows now, or {@code null}
	 * @param selfAddress this member's advertised address, or {@code null}
	 * @param refusals the last refused join, or {@code null}
	 */
	ClusterHealthIndicator(ClusterView view, int expectedMembers, @Nullable Supplier<DiscoverySnapshot> discovery,
			@Nullable String selfAddress, @Nullable Supplier<@Nullable VersionRefusal> refusals) {
		super("Cluster health check failed");
		this.view = view;
		this.expectedMembers = expectedMembers;
		this.discovery = discovery;
		this.selfAddress = selfAddress;
		this.refusals = refusals;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<ClusterMember> members = this.view.members();
		VersionRefusal refusal = (this.refusals != null) ? this.refusals.get() : null;
		if (!this.view.isRunning() || members.isEmpty()) {
			builder.down()
				.withDetail("reason",
						(refusal != null && refusal.thisMember())
								? "the Hazelcast member is not running: " + refusal.description()
								: "the Hazelcast member is not running");
			return;
		}
		if (refusal != null) {
			// Only a detail: the cluster that refused a member of another version serves
			// on.
			builder.withDetail("refusedJoin", refusal.description());
		}
		builder.withDetail("size", members.size())
			.withDetail("expected", this.expectedMembers)
			.withDetail("oldest", String.valueOf(members.get(0).name()));
		zoneDetails(builder, members);
		DiscoverySnapshot snapshot = (this.discovery != null) ? this.discovery.get() : null;
		if (snapshot != null && snapshot.awaitsSelfListing()) {
			builder.outOfService().withDetail("reason", undiscovered(snapshot));
			return;
		}
		int largest = this.view.largestSize();
		if (largest < this.expectedMembers) {
			builder.outOfService()
				.withDetail("reason", "the cluster is forming: " + largest + " of " + this.expectedMembers
						+ " expected members (" + ClusterPropertyRules.EXPECTED_MEMBERS
						+ ") so far; Ready once they have all joined, and" + " from then on while this member runs");
			return;
		}
		SplitBrainProtectionStatus protection = this.view.splitBrainProtection();
		if (protection != null) {
			builder.withDetail("splitBrainProtection", protection);
			if (!protection.minimumPresent()) {
				builder.outOfService().withDetail("reason", belowMinimum(protection));
				return;
			}
			if (this.view.isMerging()) {
				builder.outOfService()
					.withDetail("reason",
							"split-brain protection (" + ClusterPropertyRules.SPLIT_BRAIN_PROTECTION
									+ "): this member is merging into the cluster after a network partition; Ready once"
									+ " its entries are merged");
				return;
			}
		}
		builder.up();
	}

	private static String belowMinimum(SplitBrainProtectionStatus protection) {
		return "split-brain protection (" + ClusterPropertyRules.SPLIT_BRAIN_PROTECTION
				+ "): this member has heard lately from fewer than " + protection.minimum()
				+ " members, itself included, so it is on a side of a network partition (or of lost members) below"
				+ " the minimum; its protected maps refuse reads and writes (SplitBrainProtectionException) and it"
				+ " is NotReady until it is in a cluster of " + protection.minimum() + " or more again";
	}

	/**
	 * Only details: members in one zone still hold every backup, on another member, so
	 * the status stays as readiness has it.
	 */
	private static void zoneDetails(Health.Builder builder, List<ClusterMember> members) {
		ZoneSpread spread = ZoneSpread.of(members);
		if (spread == null) {
			return;
		}
		builder.withDetail("zones", spread.zones());
		if (spread.warning() != null) {
			builder.withDetail("zoneWarning", spread.warning());
		}
	}

	private String undiscovered(DiscoverySnapshot snapshot) {
		if (snapshot.error() != null) {
			return "discovery has not found this member yet: " + snapshot.error()
					+ ((snapshot.fix() != null) ? ": " + snapshot.fix() : "");
		}
		if (snapshot.lastSuccess() == null) {
			return "discovery has not found this member yet: no answer from " + snapshot.query() + " so far";
		}
		List<String> seeds = snapshot.seeds().stream().map(Seed::address).map(Seed::format).toList();
		return "this member's address " + this.selfAddress + " is not in the answer of " + snapshot.query()
				+ " (seeds: " + (seeds.isEmpty() ? "none" : String.join(", ", seeds))
				+ "): check that the Service's selector matches this pod, that its port targets" + " "
				+ ClusterPropertyRules.HAZELCAST_PORT
				+ ", and that it sets publishNotReadyAddresses: true (members must find each"
				+ " other before they are Ready)";
	}

}
