package dev.podcluster.hazelcast;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.hazelcast.cluster.Address;
import dev.podcluster.discovery.Seed;
import org.jspecify.annotations.Nullable;

/**
 * Decides, from what the probes have found and how long the first join has waited,
 * whether to offer Hazelcast's join the seeds now or to wait, and until when. Time is an
 * input: the decision never waits itself.
 * <p>
 * Hazelcast's join sends a mastership claim to every seed it was offered and waits a
 * fixed 10 s for an answer, during which the claimant refuses every other claim. A member
 * binds its port when it is created, which under load comes seconds before it starts and
 * can answer, so pods started together would often claim to a member that cannot answer
 * yet. Offering fewer seeds does not help: members whose offered seeds differ can both
 * win a claim and start two clusters. So every member offers every seed that listens, as
 * all of them see it, and only waits before offering them until they have all started, at
 * most {@link #START_WAIT} from the first offer. Members wait for one another only while
 * they are created and not yet started, never for each other to join, so no two wait for
 * each other.
 * <p>
 * Hazelcast's join then asks every offered seed who the master is for one round (the
 * join's connection timeout, 1 s at least) before the member with the lowest address hash
 * claims mastership; the others ask again when their own round is over, and a member
 * whose round ends before the claim is won asks again only a second later. So a member
 * that will not claim (a seed, listening or not yet, has a lower address hash) offers its
 * seeds {@link #CLAIM_HEAD_START} after the last start it has seen: the member that
 * claims offers once every seed it waits for has started, so it has begun its round by
 * then. A start seen during the head start (a seed that was still starting its JVM, which
 * the member that claims may wait for too) begins the head start again, and the seeds are
 * probed again every {@link #PROBE_INTERVAL} meanwhile, so a seed that begins to listen
 * is waited for as the member that claims waits for it. If the lowest seed is not ready,
 * the member that claims instead (the lowest ready seed) gets the same head start over
 * the others. The members that will not claim offer {@link #JOIN_SPACING} apart, in the
 * order of their address hashes, so that their join requests reach the new master one
 * after another.
 */
final class FirstJoinDecision {

	/**
	 * How long a probe may take to connect: a listening peer on a pod network accepts
	 * within milliseconds, whatever its load (the kernel answers).
	 */
	static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);

	/**
	 * How long the first join waits, from its first offer, for the listening seeds to
	 * start: a pod's member is created seconds before it starts when pods start together
	 * on few cores; a peer that takes longer (or hangs) is offered anyway.
	 */
	static final Duration START_WAIT = Duration.ofSeconds(5);

	/**
	 * How much sooner than the others the member that will claim mastership starts its
	 * join: more than a claim takes on a busy pod network, well under the 1 s a late
	 * question costs.
	 */
	static final Duration CLAIM_HEAD_START = Duration.ofMillis(250);

	/**
	 * How much later than the one before it each further member that will not claim
	 * mastership offers its seeds, in the order of their address hashes: the master
	 * admits one joiner at a time and drops a join request that comes meanwhile, which
	 * costs its sender a second.
	 */
	static final Duration JOIN_SPACING = Duration.ofMillis(50);

	/**
	 * How often the seeds are probed again during a head start: a seed that begins to
	 * listen then is found well within the head start.
	 */
	static final Duration PROBE_INTERVAL = Duration.ofMillis(50);

	private final Duration probeTimeout;

	private final Duration startWait;

	private final Duration claimHeadStart;

	private final Duration probeInterval;

	FirstJoinDecision(Duration probeTimeout, Duration startWait, Duration claimHeadStart, Duration probeInterval) {
		this.probeTimeout = probeTimeout;
		this.startWait = startWait;
		this.claimHeadStart = claimHeadStart;
		this.probeInterval = probeInterval;
	}

	/**
	 * The decision with the first join's own timing.
	 * @return the decision
	 */
	static FirstJoinDecision standard() {
		return new FirstJoinDecision(PROBE_TIMEOUT, START_WAIT, CLAIM_HEAD_START, PROBE_INTERVAL);
	}

	/**
	 * Decides what to do at the moment the situation describes.
	 * @param situation the seeds, what their probes found, and the time
	 * @return offer these seeds, or wait
	 */
	Outcome decide(Situation situation) {
		if (probesConnecting(situation)) {
			return new Wait(situation.probedAt().plus(this.probeTimeout), false);
		}
		if (startsAwaited(situation)) {
			return new Wait(this.startWait, false);
		}
		List<Seed> ready = ready(situation);
		Duration headStartEnd = headStartEnd(situation, ready);
		if (headStartEnd != null && situation.elapsed().compareTo(headStartEnd) < 0) {
			Duration nextProbe = situation.elapsed().plus(this.probeInterval);
			return new Wait((nextProbe.compareTo(headStartEnd) < 0) ? nextProbe : headStartEnd, true);
		}
		return new Offer(ready);
	}

	/** A probe still connects, within the probe timeout since the seeds were probed. */
	boolean probesConnecting(Situation situation) {
		return !situation.connecting().isEmpty()
				&& situation.elapsed().compareTo(situation.probedAt().plus(this.probeTimeout)) < 0;
	}

	/** A seed listens but has not started, within the start wait. */
	boolean startsAwaited(Situation situation) {
		return !situation.listening().isEmpty() && situation.elapsed().compareTo(this.startWait) < 0;
	}

	/** This member and the seeds that have started or listen, in the seeds' order. */
	List<Seed> ready(Situation situation) {
		return situation.seeds()
			.stream()
			.filter((seed) -> seed.address().equals(situation.self()) || situation.started().contains(seed.address())
					|| situation.listening().contains(seed.address()))
			.toList();
	}

	/**
	 * When the head start of a member that will not claim mastership ends, or none if it
	 * gives none: this member has peers to offer for the first time and a seed (ready or
	 * not) hashes lower. It ends {@link #CLAIM_HEAD_START} after the ready seeds were
	 * last joined by one (a start seen, or the start wait's end for a seed that listens
	 * only; never later than the start wait's end), {@link #JOIN_SPACING} later for each
	 * seed between the lowest and this member, and once more as long when the lowest seed
	 * is not ready and another ready seed claims instead.
	 */
	@Nullable Duration headStartEnd(Situation situation, List<Seed> ready) {
		if (situation.peersOffered() || !hasPeers(situation.self(), ready)
				|| claimsMastership(situation.self(), situation.seeds())) {
			return null;
		}
		// Seeds that listen only are ready at the start wait's end; starts seen later do
		// not delay the offer beyond it.
		Duration lastStarted = situation.lastStarted();
		Duration readySince = (situation.listening().isEmpty() && lastStarted.compareTo(this.startWait) < 0)
				? lastStarted : this.startWait;
		Duration end = readySince.plus(this.claimHeadStart)
			.plus(JOIN_SPACING.multipliedBy(Math.max(0, lowerHashes(situation.self(), situation.seeds()) - 1)));
		if (!ready.contains(lowest(situation.seeds())) && !claimsMastership(situation.self(), ready)) {
			end = end.plus(this.claimHeadStart);
		}
		return end;
	}

	/** How many of these seeds hash lower than this member. */
	static long lowerHashes(InetSocketAddress self, List<Seed> seeds) {
		return seeds.stream().filter((seed) -> addressHash(seed.address()) < addressHash(self)).count();
	}

	static boolean hasPeers(InetSocketAddress self, List<Seed> seeds) {
		return seeds.stream().anyMatch((seed) -> !seed.address().equals(self));
	}

	/**
	 * Whether Hazelcast's join has this member claim mastership once every one of these
	 * seeds is offered: none has a lower address hash.
	 */
	static boolean claimsMastership(InetSocketAddress self, List<Seed> seeds) {
		Seed lowest = lowest(seeds);
		return lowest == null || addressHash(lowest.address()) >= addressHash(self);
	}

	static @Nullable Seed lowest(List<Seed> seeds) {
		return seeds.stream().min(Comparator.comparingInt((seed) -> addressHash(seed.address()))).orElse(null);
	}

	/**
	 * The hash of the {@link Address} Hazelcast is given for this seed (see the
	 * strategy): the one its join compares to pick the claimant.
	 */
	static int addressHash(InetSocketAddress address) {
		return new Address(address.getAddress(), address.getPort()).hashCode();
	}

	/**
	 * What the first join knows at one moment.
	 *
	 * @param seeds the current seeds, this member's among them or not
	 * @param self this member's own address and port, never probed
	 * @param connecting seeds whose probe connects still
	 * @param listening seeds whose probe connected: created, not known to have started
	 * @param started seeds that took their probe: started (a seed that refused or reset
	 * its probe is in none of the three: nothing listens)
	 * @param elapsed time since the first offer
	 * @param probedAt time since the first offer when the seeds were last probed
	 * @param lastStarted time since the first offer when a seed was last seen started for
	 * the first time (zero if none was)
	 * @param peersOffered whether an earlier offer had peers, or gave them a head start
	 */
	record Situation(List<Seed> seeds, InetSocketAddress self, Set<InetSocketAddress> connecting,
			Set<InetSocketAddress> listening, Set<InetSocketAddress> started, Duration elapsed, Duration probedAt,
			Duration lastStarted, boolean peersOffered) {

	}

	/** What to do. */
	sealed interface Outcome permits Offer, Wait {

	}

	/**
	 * Offer these seeds now.
	 *
	 * @param seeds the seeds to offer
	 */
	record Offer(List<Seed> seeds) implements Outcome {

	}

	/**
	 * Wait, taking the probes' answers, and decide again.
	 *
	 * @param until the time since the first offer to wait until; an answer ends the wait
	 * sooner unless the seeds are to be probed again
	 * @param probeAgain whether this is a head start: waited in full, then the seeds are
	 * probed again and the decision taken again
	 */
	record Wait(Duration until, boolean probeAgain) implements Outcome {

	}

}
