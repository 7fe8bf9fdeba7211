package dev.podcluster.hazelcast;

import java.util.Locale;

import com.hazelcast.spi.merge.HigherHitsMergePolicy;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import com.hazelcast.spi.merge.PassThroughMergePolicy;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import org.jspecify.annotations.Nullable;

/**
 * What a map keeps when a split cluster heals and the smaller side's entries are merged
 * into the larger side.
 *
 * @since 0.1.0
 */
public enum MergePolicy {

	/**
	 * The entry written last, on either side (Hazelcast's
	 * {@code LatestUpdateMergePolicy}); turns on the maps' per-entry statistics, which
	 * carry the time of the last update.
	 */
	LATEST_UPDATE(LatestUpdateMergePolicy.class, true),

	/**
	 * The larger side's entry; the smaller side's only where the larger has none
	 * (Hazelcast's default, {@code PutIfAbsentMergePolicy}).
	 */
	PUT_IF_ABSENT(PutIfAbsentMergePolicy.class, false),

	/** The smaller side's entry (Hazelcast's {@code PassThroughMergePolicy}). */
	PASS_THROUGH(PassThroughMergePolicy.class, false),

	/**
	 * The entry read or written more often (Hazelcast's {@code HigherHitsMergePolicy});
	 * turns on the maps' per-entry statistics.
	 */
	HIGHER_HITS(HigherHitsMergePolicy.class, true),

	/** The policy the application's Hazelcast configuration gives each map. */
	NONE(null, false);

	private final @Nullable Class<?> policy;

	private final boolean needsEntryStatistics;

	MergePolicy(@Nullable Class<?> policy, boolean needsEntryStatistics) {
		this.policy = policy;
		this.needsEntryStatistics = needsEntryStatistics;
	}

	/**
	 * Returns Hazelcast's class name for this policy, or {@code null} for {@link #NONE}.
	 * @return the class name
	 */
	public @Nullable String className() {
		return (this.policy != null) ? this.policy.getName() : null;
	}

	/**
	 * Returns whether a map needs per-entry statistics for this policy: Hazelcast refuses
	 * the map otherwise.
	 * @return whether it does
	 */
	public boolean needsEntryStatistics() {
		return this.needsEntryStatistics;
	}

	/**
	 * Returns whether a JCache cache can use this policy: cache entries carry no time of
	 * their last update.
	 * @return whether it can
	 */
	public boolean suitsCaches() {
		return this.policy != null && this != LATEST_UPDATE;
	}

	/**
	 * Returns the name as written in configuration, e.g. {@code latest-update}.
	 * @return the configuration form
	 */
	public String configValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
