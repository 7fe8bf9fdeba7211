package dev.podcluster.hazelcast;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.hazelcast.config.CacheSimpleConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

/**
 * What a side of a network partition may do with its data: split-brain protection, which
 * makes the maps of a side below the minimum size refuse operations, and the merge policy
 * that decides which entries survive when the sides merge again.
 *
 * @since 0.1.0
 */
public final class SplitBrainSettings {

	/**
	 * The name of the starter's split-brain protection in the Hazelcast configuration.
	 */
	public static final String PROTECTION_NAME = "cluster-split-brain-protection";

	private static final String DEFAULT = "default";

	private static final long DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 5;

	private static final long DEFAULT_MAX_NO_HEARTBEAT_SECONDS = 60;

	private final int minimum;

	private final List<String> names;

	private final MergePolicy mergePolicy;

	/**
	 * Creates the settings.
	 * @param minimum the members a side needs for its maps to take operations, 0 for no
	 * protection
	 * @param names the maps and caches protection covers, names or patterns with a
	 * {@code *}; empty for every map and cache
	 * @param mergePolicy what maps keep when a split heals
	 */
	SplitBrainSettings(int minimum, List<String> names, MergePolicy mergePolicy) {
		this.minimum = minimum;
		this.names = names.stream().map(String::trim).filter((name) -> !name.isEmpty()).toList();
		this.mergePolicy = mergePolicy;
	}

	/**
	 * Applies the merge policy and, when on, the split-brain protection; the heartbeat
	 * properties must be set already.
	 * @param config the configuration to change
	 */
	void applyTo(Config config) {
		// Merge policy first: maps that protection adds by name copy it.
		if (this.mergePolicy.className() != null) {
			applyMergePolicy(config);
		}
		if (this.minimum > 0) {
			applyProtection(config);
		}
	}

	/**
	 * Returns how long a member may go without a heartbeat from a peer before it stops
	 * counting that peer: half the heartbeat timeout, and at least two heartbeats, so a
	 * side learns of a cut in seconds while a member that is merely slow for one
	 * heartbeat still counts.
	 * @param heartbeatIntervalSeconds the time between heartbeats
	 * @param maxNoHeartbeatSeconds the silence after which a member is dropped
	 * @return the tolerance in milliseconds
	 */
	static int heartbeatToleranceMillis(long heartbeatIntervalSeconds, long maxNoHeartbeatSeconds) {
		long tolerance = Math.max(maxNoHeartbeatSeconds * 1000 / 2, heartbeatIntervalSeconds * 2000);
		return (int) Math.min(tolerance, maxNoHeartbeatSeconds * 1000);
	}

	private void applyProtection(Config config) {
		int tolerance = heartbeatToleranceMillis(
				seconds(config, "hazelcast.heartbeat.interval.seconds", DEFAULT_HEARTBEAT_INTERVAL_SECONDS),
				seconds(config, "hazelcast.max.no.heartbeat.seconds", DEFAULT_MAX_NO_HEARTBEAT_SECONDS));
		// Recently-active: a side stops counting a peer it has not heard from within the
		// tolerance, well before the peer is dropped from the member list, and counts it
		// again with its first heartbeat after the heal.
		SplitBrainProtectionConfig protection = SplitBrainProtectionConfig
			.newRecentlyActiveSplitBrainProtectionConfigBuilder(PROTECTION_NAME, this.minimum, tolerance)
			.enabled(true)
			.build();
		// Reads too: a side that cannot write has stale data to read.
		protection.setProtectOn(SplitBrainProtectionOn.READ_WRITE);
		config.addSplitBrainProtectionConfig(protection);
		protectedMaps(config).forEach((map) -> map.setSplitBrainProtectionName(PROTECTION_NAME));
		protectedCaches(config).forEach((cache) -> cache.setSplitBrainProtectionName(PROTECTION_NAME));
	}

	private List<MapConfig> protectedMaps(Config config) {
		List<MapConfig> maps = new ArrayList<>();
		if (this.names.isEmpty()) {
			maps.add(config.getMapConfig(DEFAULT));
			maps.addAll(config.getMapConfigs().values());
			return maps;
		}
		for (String name : this.names) {
			Pattern pattern = pattern(name);
			config.getMapConfigs()
				.values()
				.stream()
				.filter((map) -> pattern.matcher(map.getName()).matches())
				.forEach(maps::add);
			if (!config.getMapConfigs().containsKey(name)) {
				// A map of its own with what the name had before, from a pattern or the
				// default, so that protecting it changes no other map.
				MapConfig matched = config.getMapConfigOrNull(name);
				MapConfig map = new MapConfig((matched != null) ? matched : config.getMapConfig(DEFAULT)).setName(name);
				config.addMapConfig(map);
				maps.add(map);
			}
		}
		return maps;
	}

	private List<CacheSimpleConfig> protectedCaches(Config config) {
		List<Pattern> patterns = this.names.stream().map(SplitBrainSettings::pattern).toList();
		return config.getCacheConfigs()
			.values()
			.stream()
			.filter((cache) -> patterns.isEmpty()
					|| patterns.stream().anyMatch((pattern) -> pattern.matcher(cache.getName()).matches()))
			.toList();
	}

	private void applyMergePolicy(Config config) {
		List<MapConfig> maps = new ArrayList<>();
		maps.add(config.getMapConfig(DEFAULT));
		maps.addAll(config.getMapConfigs().values());
		for (MapConfig map : maps) {
			if (takesOurs(map.getMergePolicyConfig())) {
				map.getMergePolicyConfig().setPolicy(this.mergePolicy.className());
				if (this.mergePolicy.needsEntryStatistics()) {
					map.setPerEntryStatsEnabled(true);
				}
			}
		}
		if (this.mergePolicy.suitsCaches()) {
			config.getCacheConfigs()
				.values()
				.stream()
				.filter((cache) -> takesOurs(cache.getMergePolicyConfig()))
				.forEach((cache) -> cache.getMergePolicyConfig().setPolicy(this.mergePolicy.className()));
		}
	}

	/**
	 * A structure whose configuration names another policy than Hazelcast's default keeps
	 * it.
	 */
	private static boolean takesOurs(MergePolicyConfig mergePolicy) {
		String policy = mergePolicy.getPolicy();
		return policy == null || policy.equals(MergePolicyConfig.DEFAULT_MERGE_POLICY)
				|| policy.equals("PutIfAbsentMergePolicy");
	}

	private static Pattern pattern(String name) {
		StringBuilder regex = new StringBuilder();
		for (String part : name.split("\\*", -1)) {
			if (!regex.isEmpty()) {
				regex.append(".*");
			}
			regex.append(Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	private static long seconds(Config config, String property, long defaultSeconds) {
		String value = config.getProperty(property);
		if (value == null || value.isBlank()) {
			return defaultSeconds;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return defaultSeconds;
		}
	}

}
