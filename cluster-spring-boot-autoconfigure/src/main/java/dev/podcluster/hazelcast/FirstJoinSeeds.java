package dev.podcluster.hazelcast;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import dev.podcluster.discovery.Seed;
import dev.podcluster.hazelcast.FirstJoinDecision.Offer;
import dev.podcluster.hazelcast.FirstJoinDecision.Outcome;
import dev.podcluster.hazelcast.FirstJoinDecision.Situation;
import dev.podcluster.hazelcast.FirstJoinDecision.Wait;
import dev.podcluster.hazelcast.SeedProbes.Probed;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The seeds of a member's first join: those that listen on their member port, offered
 * once each of them has started, or once the first join has waited long enough (as
 * {@link FirstJoinDecision} decides from what the {@link SeedProbes probes} find). While
 * the decision says to wait, Hazelcast's join thread waits on the probes' answers, so a
 * seed that starts meanwhile ends the wait. A member offered nobody for Hazelcast's whole
 * join wait becomes master, where later members find it. Once the member has joined, the
 * split-brain checks get every seed again, unprobed.
 */
final class FirstJoinSeeds {

	private static final Log logger = LogFactory.getLog(FirstJoinSeeds.class);

	private final InetSocketAddress self;

	private final FirstJoinDecision decision;

	private final Probes probes;

	private final LongSupplier nanoTime;

	private boolean anyOffer;

	/** When the first offer began, on {@link #nanoTime}. */
	private long firstOffer;

	/** Whether seeds other than this member have been offered, or waited for. */
	private boolean peersOffered;

	private volatile boolean ended;

	/**
	 * Creates the first join's seeds.
	 * @param self this member's own address and port, never probed
	 * @param decision when to offer which seeds
	 * @param probes the probes of the seeds, which the first join waits on
	 * @param nanoTime the clock the decision's times are read from
	 */
	FirstJoinSeeds(InetSocketAddress self, FirstJoinDecision decision, Probes probes, LongSupplier nanoTime) {
		this.self = self;
		this.decision = decision;
		this.probes = probes;
		this.nanoTime = nanoTime;
	}

	/**
	 * Creates the first join's seeds with the decision's own timing, probing on the
	 * network.
	 * @param self this member's own address and port, never probed
	 * @return the first join's seeds
	 */
	static FirstJoinSeeds of(InetSocketAddress self) {
		return new FirstJoinSeeds(self, FirstJoinDecision.withItsOwnTiming(), new SeedProbes(System::nanoTime),
				System::nanoTime);
	}

	/**
	 * Returns the seeds to offer Hazelcast: before the member has joined, the ones the
	 * decision offers, once it does (waiting on the probes until then); after, all of
	 * them.
	 * @param seeds the current seeds
	 * @return the seeds to offer
	 */
	List<Seed> offer(List<Seed> seeds) {
		if (this.ended) {
			return seeds;
		}
		List<Seed> candidates = seeds.stream().filter((seed) -> !seed.terminating()).toList();
		if (logger.isDebugEnabled() && candidates.size() < seeds.size()) {
			logger.debug("First join: leaving out the terminating seeds "
					+ seeds.stream().filter(Seed::terminating).toList() + ", members until they leave");
		}
		return offerFirst(candidates);
	}

	/**
	 * The offer of the first join, among seeds that are not terminating: a pod on its way
	 * out is still a member, but a joining member must not claim mastership with it or
	 * wait for it.
	 */
	private List<Seed> offerFirst(List<Seed> seeds) {
		synchronized (this) {
			long now = this.nanoTime.getAsLong();
			if (!this.anyOffer) {
				this.anyOffer = true;
				this.firstOffer = now;
			}
			Set<InetSocketAddress> peers = peers(seeds);
			Probed probed = this.probes.probe(peers);
			Duration probedAt = elapsed();
			int headStarts = 0;
			while (!this.ended) {
				Outcome outcome = this.decision.decide(new Situation(seeds, this.self, probed.connecting(),
						probed.listening(), probed.started(), elapsed(), probedAt, this.peersOffered, headStarts));
				if (outcome instanceof Offer offer) {
					return offered(offer.seeds(), seeds);
				}
				Wait wait = (Wait) outcome;
				long until = this.firstOffer + wait.until().toNanos();
				if (!wait.probeAgain()) {
					probed = this.probes.await(until);
					continue;
				}
				// A head start, given only when peers are ready: waited in full on the
				// probes (taking their answers), then the seeds are probed again.
				this.peersOffered = true;
				while (!this.ended && this.nanoTime.getAsLong() - until < 0) {
					this.probes.await(until);
				}
				headStarts++;
				probed = this.probes.probe(peers);
				probedAt = elapsed();
			}
			return seeds;
		}
	}

	/**
	 * Called once the first join has ended, because the member joined a cluster (or
	 * became its first member) or because it is shutting down: ends a wait for the seeds
	 * and closes every probe.
	 */
	void ended() {
		this.ended = true;
		this.probes.wakeup();
		synchronized (this) {
			this.probes.close();
		}
	}

	private List<Seed> offered(List<Seed> offered, List<Seed> seeds) {
		this.peersOffered |= FirstJoinDecision.hasPeers(this.self, offered);
		if (logger.isDebugEnabled() && offered.size() < seeds.size()) {
			logger.debug("First join: offering the seeds that listen, " + offered + " of " + seeds);
		}
		return offered;
	}

	private Set<InetSocketAddress> peers(List<Seed> seeds) {
		return seeds.stream()
			.map(Seed::address)
			.filter((address) -> !address.equals(this.self))
			.collect(Collectors.toUnmodifiableSet());
	}

	private Duration elapsed() {
		return Duration.ofNanos(this.nanoTime.getAsLong() - this.firstOffer);
	}

	/** The probes of the seeds, on which the first join waits. */
	interface Probes {

		/**
		 * Probes these addresses, not known to have started, that have no probe, stops
		 * probing others, and takes the answers at hand.
		 * @param addresses the seeds' addresses, this member's left out
		 * @return what the probes have found
		 */
		Probed probe(Set<InetSocketAddress> addresses);

		/**
		 * Waits for an answer to a probe until the deadline, or until {@link #wakeup()},
		 * and takes the answers.
		 * @param deadline the deadline on the first join's clock, in nanoseconds
		 * @return what the probes have found
		 */
		Probed await(long deadline);

		/** Ends a wait at once, from any thread. */
		void wakeup();

		/** Closes every probe. */
		void close();

	}

}
