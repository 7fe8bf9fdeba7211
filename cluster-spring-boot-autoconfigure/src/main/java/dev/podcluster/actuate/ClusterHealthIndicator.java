package dev.podcluster.actuate;

import java.util.List;

import dev.podcluster.membership.ClusterMember;
import dev.podcluster.membership.ClusterView;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Cluster health: UP when this member runs with at least the expected members,
 * OUT_OF_SERVICE below that, DOWN when the member is not running.
 *
 * @since 0.1.0
 */
public class ClusterHealthIndicator extends AbstractHealthIndicator {

	private final ClusterView view;

	private final int expectedMembers;

	public ClusterHealthIndicator(ClusterView view, int expectedMembers) {
		super("Cluster health check failed");
		this.view = view;
		this.expectedMembers = expectedMembers;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<ClusterMember> members = this.view.members();
		if (!this.view.isRunning() || members.isEmpty()) {
			builder.down().withDetail("reason", "the Hazelcast member is not running");
			return;
		}
		(members.size() >= this.expectedMembers ? builder.up() : builder.outOfService())
			.withDetail("size", members.size())
			.withDetail("expected", this.expectedMembers)
			.withDetail("oldest", String.valueOf(members.get(0).name()));
	}

}
