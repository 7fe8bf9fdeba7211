package dev.podcluster.membership;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.logging.LogEvent;
import com.hazelcast.logging.LogListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Watches for joins refused because members run different Hazelcast minor versions, as in
 * a rollout from one minor version to another. Hazelcast reports a refusal only in its
 * log (the master warns; the refused member logs the reason and shuts down), so this
 * listens to the member's own log events from before its join: added to the
 * {@link Config} as a listener, Hazelcast hands it the instance as the member starts. The
 * last refusal shows in the health and at {@code /actuator/cluster}; a refused member
 * logs what to do once.
 *
 * @since 0.1.0
 */
public final class ClusterVersionWatch implements HazelcastInstanceAware, LifecycleListener, LogListener {

	private static final Log logger = LogFactory.getLog(ClusterVersionWatch.class);

	/** Hazelcast 5.5 to 5.7 word the refusal alike, on both sides. */
	private static final Pattern REFUSAL = Pattern
		.compile("Joining node's version (\\S+) is not compatible with cluster version (\\d+\\.\\d+)");

	/** What the refused member logs, before the reason. */
	private static final String REFUSED_HERE = "Reason of failure for node join:";

	private final String clusterName;

	private final Clock clock;

	private final AtomicReference<@Nullable VersionRefusal> last = new AtomicReference<>();

	private final AtomicBoolean reported = new AtomicBoolean();

	/**
	 * Creates a watch.
	 * @param clusterName the cluster's name, for the log
	 * @param clock the clock that dates refusals
	 */
	public ClusterVersionWatch(String clusterName, Clock clock) {
		this.clusterName = clusterName;
		this.clock = clock;
	}

	/**
	 * Registers this watch on a configuration.
	 * @param config the member's configuration
	 */
	public void applyTo(Config config) {
		config.addListenerConfig(new ListenerConfig(this));
	}

	/**
	 * The last refused join this member saw.
	 * @return the refusal, or {@code null} when none
	 */
	public @Nullable VersionRefusal lastRefusal() {
		return this.last.get();
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
		hazelcastInstance.getLoggingService().addLogListener(Level.WARNING, this);
	}

	@Override
	public void stateChanged(LifecycleEvent event) {
		// A lifecycle listener only so that Hazelcast takes this as a known listener
		// type.
	}

	@Override
	public void log(LogEvent event) {
		String message = event.getLogRecord().getMessage();
		if (message == null) {
			return;
		}
		Matcher refusal = REFUSAL.matcher(message);
		if (!refusal.find()) {
			return;
		}
		VersionRefusal seen = new VersionRefusal(refusal.group(1), refusal.group(2), message.contains(REFUSED_HERE),
				this.clock.instant());
		this.last.set(seen);
		if (seen.thisMember() && this.reported.compareAndSet(false, true)) {
			logger.error("This member cannot join cluster '" + this.clusterName + "': " + seen.description()
					+ ". The member stops and the application fails to start; the running cluster keeps serving"
					+ " without it, and a rollout waits on this pod. To go back, undo the rollout (kubectl rollout"
					+ " undo statefulset/<name> or deployment/<name>); to move to Hazelcast " + seen.joiningVersion()
					+ ", replace the whole cluster instead of rolling it (" + VersionRefusal.GUIDE + ").");
		}
	}

}
