package dev.podcluster.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import com.hazelcast.cluster.ClusterState;
import dev.podcluster.discovery.DiscoverySnapshot;
import dev.podcluster.discovery.Seed;
import dev.podcluster.hazelcast.ClusterMember;
import dev.podcluster.hazelcast.ClusterView;
import dev.podcluster.naming.NodeIdentity;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/cluster}: this node, every member by name, and what discovery found.
 *
 * @since 0.1.0
 */
@Endpoint(id = "cluster")
public class ClusterEndpoint {

	private final String clusterName;

	private final int expectedMembers;

	private final NodeIdentity identity;

	private final ClusterView view;

	private final java.util.function.Supplier<DiscoverySnapshot> discovery;

	public ClusterEndpoint(String clusterName, int expectedMembers, NodeIdentity identity, ClusterView view,
			java.util.function.Supplier<DiscoverySnapshot> discovery) {
		this.clusterName = clusterName;
		this.expectedMembers = expectedMembers;
		this.identity = identity;
		this.view = view;
		this.discovery = discovery;
	}

	@ReadOperation
	public ClusterDescriptor cluster() {
		List<ClusterMember> members = this.view.members();
		ClusterMember local = members.stream().filter(ClusterMember::local).findFirst().orElse(null);
		ClusterState state = this.view.state();
		return new ClusterDescriptor(this.clusterName, (state != null) ? state.name() : "NOT_RUNNING", members.size(),
				this.expectedMembers,
				new ClusterDescriptor.Local(this.identity.name(),
						(local != null) ? local.address() : this.identity.address().getHostAddress() + ":" + this.identity.port(),
						this.identity.mode().configValue(), (local != null) ? local.uuid().toString() : null),
				members.stream().map(ClusterEndpoint::describe).toList(), describe(this.discovery.get()));
	}

	private static ClusterDescriptor.Member describe(ClusterMember member) {
		return new ClusterDescriptor.Member(member.name(), member.address(), member.uuid().toString(), member.local(),
				member.oldest(), member.attributes());
	}

	private static ClusterDescriptor.Discovery describe(DiscoverySnapshot snapshot) {
		return new ClusterDescriptor.Discovery(snapshot.mode().configValue(), snapshot.query(),
				snapshot.seeds().stream().map(Seed::toString).toList(), snapshot.records(), snapshot.skipped(),
				text(snapshot.lastLookup()), snapshot.lastLookupDuration().toMillis(), text(snapshot.lastSuccess()),
				text(snapshot.nextLookup()), snapshot.consecutiveFailures(), snapshot.error());
	}

	private static @Nullable String text(@Nullable Instant instant) {
		return Objects.toString(instant, null);
	}

}
