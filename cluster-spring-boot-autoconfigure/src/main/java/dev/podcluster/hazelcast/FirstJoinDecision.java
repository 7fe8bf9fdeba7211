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
 * claims mastership; the others ask again when their own round is over, and a question
 * that comes before the claim is won goes unanswered for another second. So a member that
 * will not claim (a seed, listening or not yet, has a lower address hash) offers its
 * seeds {@link #CLAIM_HEAD_START} later, once, and probes them again first: a seed that
 * was still starting its JVM is offered too, where it would otherwise claim mastership
 * among other seeds than the rest, and when the others ask again the claim is usually
 * won. If the lowest seed is still not offered then, the member that claims instead
 * waited as long, and the others wait once more.
 * <p>
 * The new master admits one joiner at a time and drops a join request that comes while it
 * admits another; the sender sends it again when another member answers its question, or
 * else once its own 1 s round is over. So the members that will not claim offer
 * {@link #JOIN_SPACING} apart, in the order of their address hashes, and their join
 * requests reach the master one after another.
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
	 * join: more than its round overruns the 1 s and its claim takes (35 to 135 ms with 5
	 * and 10 pods starting on two cores), well under the 1 s a late question costs.
	 */
	static final Duration CLAIM_HEAD_START = Duration.ofMillis(200);

	/**
	 * How much later than the member whose address hashes next lower each further member
	 * that will not claim mastership offers its seeds: about what the master takes to
	 * admit one joiner while the pods around it start (10 to 40 ms with 5 pods on two
	 * cores, up to 80 ms with 10). A request dropped anyway is sent again when another
	 * member answers its question, or after its round.
	 */
	static final Duration JOIN_SPACING = Duration.ofMillis(40);

	private final Duration probeTimeout;

	private final Duration startWait;

	private final Duration claimHeadStart;

	private final Duration joinSpacing;

	FirstJoinDecision(Duration probeTimeout, Duration startWait, Duration claimHeadStart, Duration joinSpacing) {
		this.probeTimeout = probeTimeout;
		this.startWait = startWait;
		this.claimHeadStart = claimHeadStart;
		this.joinSpacing = joinSpacing;
	}

	/**
	 * The decision with its own timing.
	 * @return the decision the first join makes
	 */
	static FirstJoinDecision withItsOwnTiming() {
		return new FirstJoinDecision(PROBE_TIMEOUT, START_WAIT, CLAIM_HEAD_START, JOIN_SPACING);
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
		if (givesHeadStart(situation, ready)) {
			Duration spacing = this.joinSpacing.multipliedBy(lowerHashes(situation.self(), situation.seeds()) - 1);
			return new Wait(situation.elapsed().plus(this.claimHeadStart).plus(spacing), true);
		}
		if (givesSecondHeadStart(situation, ready)) {
			return new Wait(situation.elapsed().plus(this.claimHeadStart), true);
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
	 * The first head start: peers are ready for the first time, and a seed (ready or not)
	 * hashes lower than this member, so this member will not claim mastership.
	 */
	boolean givesHeadStart(Situation situation, List<Seed> ready) {
		return situation.headStarts() == 0 && !situation.peersOffered() && hasPeers(situation.self(), ready)
				&& !claimsMastership(situation.self(), situation.seeds());
	}

	/**
	 * The second head start: after the first, the lowest seed is still not ready and
	 * another ready seed claims mastership instead, having waited as long.
	 */
	boolean givesSecondHeadStart(Situation situation, List<Seed> ready) {
		return situation.headStarts() == 1 && !claimsMastership(situation.self(), ready)
				&& !ready.contains(lowest(situation.seeds()));
	}

	/**
	 * How many of these seeds hash lower than this member: at least one for a member that
	 * will not claim mastership.
	 */
	static long lowerHashes(InetSocketAddress self, List<Seed> seeds) {
		int own = addressHash(self);
		return seeds.stream().filter((seed) -> addressHash(seed.address()) < own).count();
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
	 * @param peersOffered whether an earlier offer had peers, or a head start was given
	 * for them
	 * @param headStarts how many head starts this offer has given
	 */
	record Situation(List<Seed> seeds, InetSocketAddress self, Set<InetSocketAddress> connecting,
			Set<InetSocketAddress> listening, Set<InetSocketAddress> started, Duration elapsed, Duration probedAt,
			boolean peersOffered, int headStarts) {

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
	 * probed again
	 */
	record Wait(Duration until, boolean probeAgain) implements Outcome {

	}

}
