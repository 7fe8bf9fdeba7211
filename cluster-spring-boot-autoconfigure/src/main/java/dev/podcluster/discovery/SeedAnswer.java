package dev.podcluster.discovery;

import java.time.Duration;
import java.util.List;

/**
 * The result of one successful lookup.
 *
 * @param seeds the seeds found, in answer order
 * @param records the records the answer held, in zone-file form (for operators)
 * @param skipped what was in the answer but could not be used, each with the reason
 * @param ttl the smallest TTL of the answer, or {@link Duration#ZERO} when the source has
 * none
 * @since 0.1.0
 */
public record SeedAnswer(List<Seed> seeds, List<String> records, List<String> skipped, Duration ttl) {

	public SeedAnswer {
		seeds = List.copyOf(seeds);
		records = List.copyOf(records);
		skipped = List.copyOf(skipped);
	}

}
