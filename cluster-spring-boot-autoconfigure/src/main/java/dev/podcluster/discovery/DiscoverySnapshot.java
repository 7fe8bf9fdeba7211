package dev.podcluster.discovery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What discovery knows at one moment: the seeds in use and how the last lookups went.
 * Built only from the provider ({@link #initial(SeedProvider)}) and then changed one
 * outcome at a time ({@code with...}).
 *
 * @param mode the provider's name as shown to operators, e.g. {@code dns-srv},
 * {@code static}, {@code none} or {@code custom}
 * @param query what is looked up
 * @param polled whether the provider looks anything up (see
 * {@link SeedProvider#looksUp()})
 * @param listsEveryMember whether an answer lists every member, this one included (see
 * {@link SeedProvider#listsEveryMember()})
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
 * {@code null} while none has
 * @since 0.1.0
 */
public record DiscoverySnapshot(String mode, String query, boolean polled, boolean listsEveryMember, List<Seed> seeds,
		List<String> records, List<String> skipped, @Nullable Instant lastLookup, Duration lastLookupDuration,
		@Nullable Instant lastSuccess, @Nullable Instant nextLookup, int consecutiveFailures, @Nullable String error,
		@Nullable String fix, @Nullable Instant selfListed) {

	public DiscoverySnapshot {
		seeds = List.copyOf(seeds);
		records = List.copyOf(records);
		skipped = List.copyOf(skipped);
	}

	/**
	 * Returns whether this member still waits to be listed: its provider lists every
	 * member, and no answer has listed this one yet (for DNS SRV, the proof that the
	 * Service selects this pod).
	 * @return whether this member is not found yet
	 */
	public boolean awaitsSelfListing() {
		return this.listsEveryMember && this.selfListed == null;
	}

	/**
	 * Returns what discovery knows before the first lookup of a provider.
	 * @param provider the provider
	 * @return the snapshot
	 */
	static DiscoverySnapshot initial(SeedProvider provider) {
		return new DiscoverySnapshot(provider.name(), provider.query(), provider.looksUp(), provider.listsEveryMember(),
				List.of(), List.of(), List.of(), null, Duration.ZERO, null, null, 0, null, null, null);
	}

	/**
	 * Returns this snapshot after a good answer.
	 * @param seeds the seeds to use from now on
	 * @param answer the answer
	 * @param at when it came
	 * @param took how long the lookup took
	 * @param selfListedNow whether the answer lists this member's own address
	 * @return the snapshot
	 */
	DiscoverySnapshot withAnswer(List<Seed> seeds, SeedAnswer answer, Instant at, Duration took,
			boolean selfListedNow) {
		Instant listed = (this.selfListed == null && selfListedNow) ? at : this.selfListed;
		return new DiscoverySnapshot(this.mode, this.query, this.polled, this.listsEveryMember, seeds, answer.records(),
				answer.skipped(), at, took, at, this.nextLookup, 0, null, null, listed);
	}

	/**
	 * Returns this snapshot after a failed lookup: the seeds stay.
	 * @param failure why the lookup failed
	 * @param fix the likely fix, or {@code null}
	 * @param at when the lookup ended
	 * @param took how long the lookup took
	 * @return the snapshot
	 */
	DiscoverySnapshot withFailure(String failure, @Nullable String fix, Instant at, Duration took) {
		return new DiscoverySnapshot(this.mode, this.query, this.polled, this.listsEveryMember, this.seeds,
				this.records, this.skipped, at, took, this.lastSuccess, this.nextLookup, this.consecutiveFailures + 1,
				failure, fix, this.selfListed);
	}

	/**
	 * Returns this snapshot with the next scheduled lookup.
	 * @param next when it runs
	 * @return the snapshot
	 */
	DiscoverySnapshot withNextLookup(Instant next) {
		return new DiscoverySnapshot(this.mode, this.query, this.polled, this.listsEveryMember, this.seeds,
				this.records, this.skipped, this.lastLookup, this.lastLookupDuration, this.lastSuccess, next,
				this.consecutiveFailures, this.error, this.fix, this.selfListed);
	}

}
