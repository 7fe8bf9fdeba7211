package dev.podcluster.membership;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.cluster.ClusterState;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.podcluster.discovery.Seed;
import dev.podcluster.hazelcast.MemberAttributes;
import dev.podcluster.hazelcast.SplitBrainSettings;
import org.jspecify.annotations.Nullable;

/**
 * The cluster as this member sees it: state, and members with their node names and join
 * times, oldest first. Observers hear of joins, leaves, and this member becoming or
 * ceasing to be the oldest.
 *
 * @since 0.1.0
 */
public final class ClusterView implements AutoCloseable {

	private final HazelcastInstance hazelcast;

	private final Clock clock;

	private volatile List<MembershipObserver> observers = List.of();

	/**
	 * When this node first saw each member; members present when it joined count from
	 * then.
	 */
	private final Map<UUID, Instant> firstSeen = new ConcurrentHashMap<>();

	/** The most members this member has been in a cluster with. */
	private final AtomicInteger largestSize = new AtomicInteger();

	private @Nullable UUID registration;

	private boolean oldest;

	public ClusterView(HazelcastInstance hazelcast, Clock clock) {
		this.hazelcast = hazelcast;
		this.clock = clock;
	}

	/**
	 * Starts listening to membership changes, and tells the observers whether this member
	 * is the oldest now. Observers are handed over here, not at construction, so an
	 * observer may itself read the view.
	 * @param observers told of every change until {@link #close()}
	 */
	public synchronized void start(List<? extends MembershipObserver> observers) {
		if (this.registration != null) {
			return;
		}
		this.observers = List.copyOf(observers);
		this.registration = this.hazelcast.getCluster().addMembershipListener(new Listener());
		Instant now = this.clock.instant();
		Set<Member> members = this.hazelcast.getCluster().getMembers();
		members.forEach((member) -> this.firstSeen.putIfAbsent(member.getUuid(), now));
		noteSize(members.size());
		checkOldest();
	}

	/**
	 * Stops listening; an observer of the oldest member hears it stop being the oldest
	 * before the member leaves.
	 */
	@Override
	public synchronized void close() {
		if (this.registration == null) {
			return;
		}
		try {
			this.hazelcast.getCluster().removeMembershipListener(this.registration);
		}
		catch (HazelcastInstanceNotActiveException ex) {
			// already gone: nothing to remove
		}
		this.registration = null;
		if (this.oldest) {
			this.oldest = false;
			ClusterMember local = local();
			if (local != null) {
				this.observers.forEach((observer) -> observer.stoppedBeingOldest(local));
			}
		}
	}

	/**
	 * Returns whether this member is running.
	 * @return whether the Hazelcast instance is running
	 */
	public boolean isRunning() {
		return this.hazelcast.getLifecycleService().isRunning();
	}

	/**
	 * Returns the cluster state, or {@code null} when this member is not running.
	 * @return the state
	 */
	public @Nullable ClusterState state() {
		try {
			return this.hazelcast.getCluster().getClusterState();
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	/**
	 * Returns the starter's split-brain protection as this member sees it, or
	 * {@code null} when it is off or this member is not running.
	 * @return the protection's state
	 */
	public @Nullable SplitBrainProtectionStatus splitBrainProtection() {
		try {
			SplitBrainProtectionConfig config = this.hazelcast.getConfig()
				.getSplitBrainProtectionConfigs()
				.get(SplitBrainSettings.PROTECTION_NAME);
			if (config == null || !config.isEnabled() || !isRunning()) {
				return null;
			}
			boolean present = this.hazelcast.getSplitBrainProtectionService()
				.getSplitBrainProtection(SplitBrainSettings.PROTECTION_NAME)
				.hasMinimumSize();
			return new SplitBrainProtectionStatus(config.getMinimumClusterSize(), present);
		}
		catch (IllegalStateException ex) {
			// not active (HazelcastInstanceNotActiveException) or shutting down
			return null;
		}
	}

	/**
	 * Returns the number of members, without describing them; 0 when this member is not
	 * running.
	 * @return the cluster size
	 */
	public int size() {
		try {
			return isRunning() ? noteSize(this.hazelcast.getCluster().getMembers().size()) : 0;
		}
		catch (HazelcastInstanceNotActiveException ex) {
			return 0;
		}
	}

	/**
	 * Returns the most members this member has been in one cluster with since it started:
	 * a cluster that has formed stays formed when members leave.
	 * @return the largest cluster size seen, 0 before this member has run
	 */
	public int largestSize() {
		size();
		return this.largestSize.get();
	}

	private int noteSize(int size) {
		this.largestSize.accumulateAndGet(size, Math::max);
		return size;
	}

	/**
	 * Returns the members, oldest first; empty when this member is not running.
	 * @return the members
	 */
	public List<ClusterMember> members() {
		try {
			Set<Member> members = this.hazelcast.getCluster().getMembers();
			noteSize(members.size());
			return describe(members, this.hazelcast.getCluster().getLocalMember().getUuid());
		}
		catch (HazelcastInstanceNotActiveException ex) {
			return List.of();
		}
	}

	/**
	 * Returns this member, or {@code null} when it is not running.
	 * @return this member
	 */
	public @Nullable ClusterMember local() {
		return members().stream().filter(ClusterMember::local).findFirst().orElse(null);
	}

	private List<ClusterMember> describe(Set<Member> members, UUID localUuid) {
		List<ClusterMember> described = new ArrayList<>();
		boolean first = true;
		// Hazelcast keeps the member list in join order: the first is the oldest (the
		// master).
		for (Member member : members) {
			described.add(describe(member, member.getUuid().equals(localUuid), first));
			first = false;
		}
		return described;
	}

	private ClusterMember describe(Member member, boolean local, boolean oldest) {
		Instant joinedAt = this.firstSeen.computeIfAbsent(member.getUuid(), (uuid) -> this.clock.instant());
		return new ClusterMember(member.getAttribute(MemberAttributes.NODE_NAME),
				Seed.format(member.getSocketAddress()), member.getUuid(), local, oldest, joinedAt,
				Map.copyOf(member.getAttributes()));
	}

	private synchronized void checkOldest() {
		if (this.registration == null) {
			return;
		}
		ClusterMember local = local();
		boolean nowOldest = local != null && local.oldest();
		if (nowOldest == this.oldest || local == null) {
			return;
		}
		this.oldest = nowOldest;
		this.observers.forEach((observer) -> {
			if (nowOldest) {
				observer.becameOldest(local);
			}
			else {
				observer.stoppedBeingOldest(local);
			}
		});
	}

	private final class Listener implements MembershipListener {

		@Override
		public void memberAdded(MembershipEvent event) {
			firstSeen.putIfAbsent(event.getMember().getUuid(), clock.instant());
			noteSize(event.getMembers().size());
			ClusterMember member = describe(event.getMember(), false, false);
			observers.forEach((observer) -> observer.joined(member));
			checkOldest();
		}

		@Override
		public void memberRemoved(MembershipEvent event) {
			ClusterMember member = describe(event.getMember(), false, false);
			firstSeen.remove(event.getMember().getUuid());
			observers.forEach((observer) -> observer.left(member));
			checkOldest();
		}

	}

}
