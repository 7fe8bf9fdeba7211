package dev.podcluster.actuate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import dev.podcluster.discovery.LookupStatistics;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.membership.ClusterMember;
import dev.podcluster.membership.ClusterView;
import dev.podcluster.membership.MembershipObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Cluster metrics: {@code cluster.members}, {@code cluster.revisions} and
 * {@code cluster.discovery.seeds} gauges, the {@code cluster.discovery.lookups} timer
 * tagged by outcome, and {@code cluster.discovery.failures},
 * {@code cluster.members.joined} and {@code cluster.members.left} counters.
 *
 * @since 0.1.0
 */
final class ClusterMetrics implements MeterBinder, MembershipObserver {

	private final ClusterView view;

	private final SeedTracker seeds;

	private @Nullable Counter joined;

	private @Nullable Counter left;

	ClusterMetrics(ClusterView view, SeedTracker seeds) {
		this.view = view;
		this.seeds = seeds;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("cluster.members", this.view, ClusterView::size)
			.description("Members in this member's view of the cluster")
			.register(registry);
		Gauge.builder("cluster.revisions", this.view, (view) -> MemberRevisions.count(view.members()).size())
			.description("Workload revisions the members in this member's view run; more than one while a rollout"
					+ " is under way")
			.register(registry);
		Gauge.builder("cluster.discovery.seeds", this.seeds, (tracker) -> tracker.seeds().size())
			.description("Seeds discovery hands to Hazelcast")
			.register(registry);
		lookups(registry, "success", LookupStatistics::successes, LookupStatistics::successTime);
		lookups(registry, "failure", LookupStatistics::failures, LookupStatistics::failureTime);
		FunctionCounter.builder("cluster.discovery.failures", this.seeds, (tracker) -> tracker.statistics().failures())
			.description("Failed discovery lookups")
			.register(registry);
		this.joined = Counter.builder("cluster.members.joined").description("Members that joined").register(registry);
		this.left = Counter.builder("cluster.members.left").description("Members that left").register(registry);
	}

	@Override
	public void joined(ClusterMember member) {
		if (this.joined != null) {
			this.joined.increment();
		}
	}

	@Override
	public void left(ClusterMember member) {
		if (this.left != null) {
			this.left.increment();
		}
	}

	private void lookups(MeterRegistry registry, String outcome, ToLongFunction<LookupStatistics> count,
			Function<LookupStatistics, Duration> time) {
		FunctionTimer
			.builder("cluster.discovery.lookups", this.seeds, (tracker) -> count.applyAsLong(tracker.statistics()),
					(tracker) -> time.apply(tracker.statistics()).toNanos(), TimeUnit.NANOSECONDS)
			.description("Discovery lookups")
			.tag("outcome", outcome)
			.register(registry);
	}

}
