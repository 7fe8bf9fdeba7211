package dev.podcluster.actuate;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.hazelcast.cluster.ClusterState;
import dev.podcluster.discovery.DiscoverySnapshot;
import dev.podcluster.discovery.Seed;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.membership.ClusterMember;
import dev.podcluster.membership.ClusterView;
import dev.podcluster.membership.PodDeletionCostStatus;
import dev.podcluster.membership.VersionRefusal;
import dev.podcluster.naming.NodeIdentity;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/cluster}: this node, every member by name, and what discovery found. A
 * write operation (off unless write access is granted) looks up the seeds now.
 *
 * @since 0.1.0
 */
@Endpoint(id = "cluster", defaultAccess = Access.READ_ONLY)
public final class ClusterEndpoint {

	private static final Duration LOOKUP_WAIT = Duration.ofSeconds(30);

	private final String clusterName;

	private final int expectedMembers;

	private final NodeIdentity identity;

	private final ClusterView view;

	private final SeedTracker seeds;

	private final Clock clock;

	private final Supplier<@Nullable VersionRefusal> refusals;

	private final Supplier<@Nullable PodDeletionCostStatus> podDeletionCost;

	public ClusterEndpoint(String clusterName, int expectedMembers, NodeIdentity identity, ClusterView view,
			SeedTracker seeds, Clock clock) {
		this(clusterName, expectedMembers, identity, view, seeds, clock, () -> null);
	}

	/**
	 * Creates the endpoint.
	 * @param clusterName the cluster name
	 * @param expectedMembers the configured number of expected members
	 * @param identity this node
	 * @param view the cluster as this member sees it
	 * @param seeds what discovery knows
	 * @param clock the clock for ages
	 * @param refusals the last join refused for another Hazelcast minor version
	 */
	public ClusterEndpoint(String clusterName, int expectedMembers, NodeIdentity identity, ClusterView view,
			SeedTracker seeds, Clock clock, Supplier<@Nullable VersionRefusal> refusals) {
		this(clusterName, expectedMembers, identity, view, seeds, clock, refusals, () -> null);
	}

	/**
	 * Creates the endpoint.
	 * @param clusterName the cluster name
	 * @param expectedMembers the configured number of expected members
	 * @param identity this node
	 * @param view the cluster as this member sees it
	 * @param seeds what discovery knows
	 * @param clock the clock for ages
	 * @param refusals the last join refused for another Hazelcast minor version
	 * @param podDeletionCost the deletion cost on this member's pod, {@code null} when
	 * off
	 */
	public ClusterEndpoint(String clusterName, int expectedMembers, NodeIdentity identity, ClusterView view,
			SeedTracker seeds, Clock clock, Supplier<@Nullable VersionRefusal> refusals,
			Supplier<@Nullable PodDeletionCostStatus> podDeletionCost) {
		this.podDeletionCost = podDeletionCost;
		this.clusterName = clusterName;
		this.expectedMembers = expectedMembers;
		this.identity = identity;
		this.view = view;
		this.seeds = seeds;
		this.clock = clock;
		this.refusals = refusals;
	}

	@ReadOperation
	public ClusterDescriptor cluster() {
		List<ClusterMember> members = this.view.members();
		ClusterMember local = members.stream().filter(ClusterMember::local).findFirst().orElse(null);
		ClusterState state = this.view.state();
		ZoneSpread zones = ZoneSpread.of(members);
		return new ClusterDescriptor(this.clusterName, (state != null) ? state.name() : "NOT_RUNNING", members.size(),
				this.expectedMembers, describeLocal(local), members.stream().map(ClusterEndpoint::describe).toList(),
				describe(this.seeds.snapshot(), members), (zones != null) ? zones.zones() : null,
				(zones != null) ? zones.warning() : null, MemberRevisions.count(members),
				this.view.splitBrainProtection(), describe(this.refusals.get()), this.podDeletionCost.get());
	}

	/**
	 * Returns one member by node name at {@code /actuator/cluster/members/{name}}, or
	 * {@code null} (HTTP 404) when no member has that name.
	 * @param collection the path segment {@code members}
	 * @param name the node name
	 * @return the member
	 */
	@ReadOperation
	public ClusterDescriptor.@Nullable Member member(@Selector String collection, @Selector String name) {
		if (!"members".equals(collection)) {
			return null;
		}
		return this.view.members()
			.stream()
			.filter((member) -> name.equals(member.name()))
			.findFirst()
			.map(ClusterEndpoint::describe)
			.orElse(null);
	}

	/**
	 * Looks up the seeds now, instead of at the next poll.
	 * @return discovery after the lookup
	 */
	@WriteOperation
	public ClusterDescriptor.Discovery lookup() {
		return describe(this.seeds.lookupNow(LOOKUP_WAIT), this.view.members());
	}

	private ClusterDescriptor.Local describeLocal(@Nullable ClusterMember local) {
		String address = (local != null) ? local.address()
				: Seed.format(new InetSocketAddress(this.identity.address(), this.identity.port()));
		long age = (local != null) ? Duration.between(local.joinedAt(), this.clock.instant()).toSeconds() : 0;
		return new ClusterDescriptor.Local(this.identity.name(), address, this.identity.mode().configValue(),
				(local != null) ? local.uuid().toString() : null, (local != null) ? local.joinedAt().toString() : null,
				age);
	}

	private static ClusterDescriptor.Member describe(ClusterMember member) {
		return new ClusterDescriptor.Member(member.name(), member.address(), member.uuid().toString(), member.local(),
				member.oldest(), member.joinedAt().toString(), member.zone(), member.node(), member.partitionGroup(),
				member.revision(), member.attributes());
	}

	private static ClusterDescriptor.Discovery describe(DiscoverySnapshot snapshot, List<ClusterMember> members) {
		List<String> seeds = snapshot.seeds().stream().map(Seed::toString).toList();
		Set<String> memberAddresses = members.stream().map(ClusterMember::address).collect(Collectors.toSet());
		boolean compares = snapshot.polled() && !members.isEmpty();
		return new ClusterDescriptor.Discovery(snapshot.mode(), snapshot.query(), seeds, snapshot.records(),
				snapshot.skipped(), text(snapshot.lastLookup()), snapshot.lastLookupDuration().toMillis(),
				text(snapshot.lastSuccess()), text(snapshot.nextLookup()), snapshot.consecutiveFailures(),
				snapshot.error(), snapshot.fix(), text(snapshot.selfListed()),
				compares ? seeds.stream().filter((seed) -> !memberAddresses.contains(seed)).toList() : List.of(),
				compares ? members.stream()
					.map(ClusterMember::address)
					.filter((address) -> !seeds.contains(address))
					.toList() : List.of());
	}

	private static ClusterDescriptor.@Nullable RefusedJoin describe(@Nullable VersionRefusal refusal) {
		return (refusal != null) ? new ClusterDescriptor.RefusedJoin(refusal.joiningVersion(), refusal.clusterVersion(),
				refusal.thisMember(), refusal.at().toString(), refusal.description()) : null;
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return Objects.toString(instant, null);
	}

}
