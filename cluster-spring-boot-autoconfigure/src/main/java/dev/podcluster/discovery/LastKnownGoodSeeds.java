package dev.podcluster.discovery;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seeds of the last good answers: a seed stays until it has been missing from a
 * number of consecutive good answers, so one short answer never shrinks the view. Not
 * thread-safe: its owner updates it from one thread at a time.
 */
final class LastKnownGoodSeeds {

	private final int missesBeforeRemoval;

	/** Seed by address, with the consecutive good answers it was missing from. */
	private final Map<InetSocketAddress, Aged> known = new LinkedHashMap<>();

	/**
	 * Creates an empty set of seeds.
	 * @param missesBeforeRemoval consecutive good answers a seed may be missing from
	 * before it is dropped
	 */
	LastKnownGoodSeeds(int missesBeforeRemoval) {
		this.missesBeforeRemoval = missesBeforeRemoval;
	}

	/**
	 * Takes a good answer in and returns the seeds to use from now on: the answer's, in
	 * its order after the seeds known before, plus those missing from fewer than
	 * {@code missesBeforeRemoval} consecutive answers.
	 * @param answered the seeds of the answer
	 * @return the seeds to use
	 */
	List<Seed> update(List<Seed> answered) {
		Map<InetSocketAddress, Seed> fresh = new LinkedHashMap<>();
		answered.forEach((seed) -> fresh.put(seed.address(), seed));
		this.known.replaceAll((address, aged) -> fresh.containsKey(address) ? new Aged(fresh.get(address), 0)
				: new Aged(aged.seed(), aged.misses() + 1));
		this.known.values().removeIf((aged) -> aged.misses() >= this.missesBeforeRemoval);
		fresh.forEach((address, seed) -> this.known.putIfAbsent(address, new Aged(seed, 0)));
		return this.known.values().stream().map(Aged::seed).toList();
	}

	private record Aged(Seed seed, int misses) {
	}

}
