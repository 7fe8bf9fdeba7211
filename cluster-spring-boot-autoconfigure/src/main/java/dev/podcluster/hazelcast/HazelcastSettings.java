package dev.podcluster.hazelcast;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every Hazelcast property ({@code hazelcast.*}) the starter sets: fixed defaults, the
 * timings derived from {@code cluster.hazelcast.*}, and the user's own properties,
 * applied last.
 *
 * @param heartbeatInterval time between heartbeats to the other members
 * @param heartbeatTimeout silence after which a member is dropped
 * @param splitBrainCheckInterval time between the oldest member's checks for members of
 * this cluster outside it
 * @param shutdownTimeout longest a leaving member waits for its partitions to migrate
 * @param overrides Hazelcast properties applied over the starter's
 */
record HazelcastSettings(Duration heartbeatInterval, Duration heartbeatTimeout, Duration splitBrainCheckInterval,
		Duration shutdownTimeout, Map<String, String> overrides) {

	public HazelcastSettings {
		overrides = Map.copyOf(overrides);
	}

	/**
	 * Returns the Hazelcast properties for a member bound to the given address, the
	 * user's overrides last.
	 * @param localAddress the address the member binds and advertises
	 * @return property name to value, in the order they are applied
	 */
	public Map<String, String> properties(InetAddress localAddress) {
		Map<String, String> properties = new LinkedHashMap<>();
		// Without it a configured discovery strategy is silently ignored and the member
		// starts alone.
		properties.put("hazelcast.discovery.enabled", "true");
		// Never contact anything outside the cluster.
		properties.put("hazelcast.phone.home.enabled", "false");
		properties.put("hazelcast.logging.type", "slf4j");
		// Spring closes the instance (gracefully) when the context closes; Hazelcast's
		// own hook would race it.
		properties.put("hazelcast.shutdownhook.enabled", "false");
		// A pod has one address: bind it, never a wildcard or a guess among interfaces.
		properties.put("hazelcast.socket.bind.any", "false");
		properties.put("hazelcast.local.localAddress", localAddress.getHostAddress());
		// A pod network answers a connect within milliseconds, and the address of a pod
		// that is gone drops packets:
		// a short connect timeout and few tolerated faults let the others drop a member
		// that left in seconds,
		// where Hazelcast's defaults (10 s, 3 faults) leave it to the heartbeat timeout.
		properties.put("hazelcast.socket.connect.timeout.seconds", "2");
		properties.put("hazelcast.connection.monitor.max.faults", "1");
		// Seeds are on hand at start: the first lookup runs before Hazelcast
		// starts, and the first join waits for the listening ones. A member
		// whose seeds are only itself is master at once; a wait (5 s by
		// default) would have Hazelcast ask the discovery again until it ends,
		// and a lone pod's start spent all of it. With no wait the master also
		// lets partitions migrate as soon as a join is done.
		properties.put("hazelcast.wait.seconds.before.join", "0");
		properties.put("hazelcast.max.wait.seconds.before.join", "5");
		properties.put("hazelcast.heartbeat.interval.seconds", seconds(this.heartbeatInterval));
		properties.put("hazelcast.max.no.heartbeat.seconds", seconds(this.heartbeatTimeout));
		// The first check runs after start-up: joins settle first, then a split from a
		// parallel start heals.
		properties.put("hazelcast.merge.first.run.delay.seconds",
				seconds(this.splitBrainCheckInterval.multipliedBy(2)));
		properties.put("hazelcast.merge.next.run.delay.seconds", seconds(this.splitBrainCheckInterval));
		properties.put("hazelcast.graceful.shutdown.max.wait", seconds(this.shutdownTimeout));
		properties.putAll(this.overrides);
		return properties;
	}

	private static String seconds(Duration duration) {
		return String.valueOf(duration.toSeconds());
	}

}
