package dev.podcluster.discovery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What discovery knows at one moment: the seeds in use and how the last lookups went.
 *
 * @param mode the discovery mode
 * @param query what is looked up
 * @param seeds the seeds handed to Hazelcast: the last good answer, plus seeds missing
 * from fewer than the allowed number of consecutive answers
 * @param records the records of the last good answer
 * @param skipped what the last good answer held but could not be used
 * @param lastLookup when the last lookup ended, or {@code null} before the first
 * @param lastLookupDuration how long the last lookup took
 * @param lastSuccess when the last good answer came, or {@code null}
 * @param nextLookup when the next scheduled lookup runs, or {@code null} when none is
 * scheduled
 * @param consecutiveFailures failed lookups since the last good answer
 * @param error why the last lookup failed, or {@code null} when it succeeded
 * @param fix the likely fix for that failure, or {@code null}
 * @param selfListed when an answer first listed this member's own address, or
 * {@code null} while none has (in DNS SRV mode, proof that the Service selects this pod)
 * @since 0.1.0
 */
public record DiscoverySnapshot(DiscoveryMode mode, String query, List<Seed> seeds, List<String> records,
		List<String> skipped, @Nullable Instant lastLookup, Duration lastLookupDuration, @Nullable Instant lastSuccess,
		@Nullable Instant nextLookup, int consecutiveFailures, @Nullable String error, @Nullable String fix,
		@Nullable Instant selfListed) {

	public DiscoverySnapshot {
		seeds = List.copyOf(seeds);
		records = List.copyOf(records);
		skipped = List.copyOf(skipped);
	}

	static DiscoverySnapshot initial(SeedProvider provider) {
		return new DiscoverySnapshot(provider.mode(), provider.query(), List.of(), List.of(), List.of(), null,
				Duration.ZERO, null, null, 0, null, null, null);
	}

}
