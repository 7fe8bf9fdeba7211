package dev.podcluster.hazelcast;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.hazelcast.cluster.Address;
import dev.podcluster.discovery.Seed;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The seeds of a member's first join: those that listen on their member port, offered
 * once each of them has started, or once the first join has waited {@link #START_WAIT}.
 * <p>
 * Hazelcast's join sends a mastership claim to every seed it was offered and waits a
 * fixed 10 s for an answer, during which the claimant refuses every other claim. A member
 * binds its port when it is created, which under load comes seconds before it starts and
 * can answer, so pods started together would often claim to a member that cannot answer
 * yet. Offering fewer seeds does not help: members whose offered seeds differ can both
 * win a claim and start two clusters. So every member offers every seed that listens, as
 * all of them see it, and only waits before offering them until they have all started.
 * <p>
 * Each peer gets one probe connection whose sending side is closed at once. The kernel
 * completes the connection while the peer is only created (it listens); the peer's
 * acceptor, which runs once it has started, takes the connection and closes it in turn.
 * The probe stays open across Hazelcast's polls until the peer closes it (started) or
 * resets or refuses it (gone: not listening, probed afresh at the next poll). No
 * Hazelcast protocol is spoken; the peer logs the closed connection at INFO. Members wait
 * for one another only while they are created and not yet started, never for each other
 * to join, so no two wait for each other; a member offered nobody for Hazelcast's whole
 * join wait becomes master, where later members find it. Once the member has joined, the
 * split-brain checks get every seed again, unprobed.
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
 */
final class FirstJoinSeeds {

	private static final Log logger = LogFactory.getLog(FirstJoinSeeds.class);

	/**
	 * How long one poll waits for probes to connect: a listening peer on a pod network
	 * accepts within milliseconds, whatever its load (the kernel answers).
	 */
	static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);

	/**
	 * How long the first join waits, from its first poll, for the listening seeds to
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

	private final @Nullable InetSocketAddress self;

	private final Duration probeTimeout;

	private final Duration startWait;

	private final Duration claimHeadStart;

	/** Seeds seen started: offered until the member joins. */
	private final Set<InetSocketAddress> started = new HashSet<>();

	/** Open probes, by the address they probe. */
	private final Map<InetSocketAddress, SelectionKey> probes = new HashMap<>();

	private @Nullable Selector selector;

	private long firstPoll;

	private boolean polled;

	/** Whether seeds other than this member have been offered. */
	private boolean peersOffered;

	private volatile boolean ended;

	/**
	 * Creates the first join's seeds.
	 * @param self this member's own address and port, never probed, or {@code null}
	 * @param probeTimeout how long one poll waits for probes to connect
	 * @param startWait how long the first join waits for listening seeds to start
	 * @param claimHeadStart how much later than the member that will claim mastership the
	 * others offer their seeds
	 */
	FirstJoinSeeds(@Nullable InetSocketAddress self, Duration probeTimeout, Duration startWait,
			Duration claimHeadStart) {
		this.self = self;
		this.probeTimeout = probeTimeout;
		this.startWait = startWait;
		this.claimHeadStart = claimHeadStart;
	}

	/**
	 * Returns the seeds to offer Hazelcast: before the member has joined, this member and
	 * the seeds that listen, once they have started (waiting for that, within the start
	 * wait, and the first time there are any, for the claim's head start unless this
	 * member will claim mastership); after, all of them.
	 * @param seeds the current seeds
	 * @return the seeds to offer
	 */
	List<Seed> offer(List<Seed> seeds) {
		if (this.ended) {
			return seeds;
		}
		List<Seed> offered = poll(seeds);
		if (firstWithPeers(offered) && !claimsMastership(seeds)) {
			// A seed hashes lower, listening or still starting its JVM: probed
			// again after the head start, it is offered too if it has started.
			headStart();
			offered = poll(seeds);
			if (!claimsMastership(offered) && !offered.contains(lowest(seeds))) {
				// The lowest is not offered: the member that claims instead waited too.
				headStart();
				offered = poll(seeds);
			}
		}
		if (logger.isDebugEnabled() && offered.size() < seeds.size()) {
			logger.debug("First join: offering the seeds that listen, " + offered + " of " + seeds);
		}
		return offered;
	}

	/**
	 * Probes the seeds: this member and the seeds that listen, once they have started
	 * (waiting for that, within the start wait); all of them once the first join has
	 * ended.
	 */
	private synchronized List<Seed> poll(List<Seed> seeds) {
		if (this.ended) {
			return seeds;
		}
		long now = System.nanoTime();
		if (!this.polled) {
			this.polled = true;
			this.firstPoll = now;
		}
		probe(seeds, now + this.probeTimeout.toNanos(), this.firstPoll + this.startWait.toNanos());
		return seeds.stream()
			.filter((seed) -> seed.address().equals(this.self) || this.started.contains(seed.address())
					|| listening(seed.address()))
			.toList();
	}

	/** Whether these are the first seeds offered with another member than this one. */
	private synchronized boolean firstWithPeers(List<Seed> offered) {
		boolean peers = offered.stream().anyMatch((seed) -> !seed.address().equals(this.self));
		boolean first = peers && !this.peersOffered;
		this.peersOffered |= peers;
		return first;
	}

	/**
	 * Whether Hazelcast's join will have this member claim mastership once every one of
	 * these seeds is offered: none has a lower address hash (Hazelcast's own
	 * {@link Address} hash, which its join compares).
	 */
	private boolean claimsMastership(List<Seed> seeds) {
		InetSocketAddress self = this.self;
		Seed lowest = lowest(seeds);
		return self == null || lowest == null || addressHash(lowest.address()) >= addressHash(self);
	}

	private static @Nullable Seed lowest(List<Seed> seeds) {
		return seeds.stream().min(Comparator.comparingInt((seed) -> addressHash(seed.address()))).orElse(null);
	}

	/** The hash of the address Hazelcast is given for this seed (see the strategy). */
	private static int addressHash(InetSocketAddress address) {
		return new Address(address.getAddress(), address.getPort()).hashCode();
	}

	private void headStart() {
		try {
			Thread.sleep(this.claimHeadStart.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Called once the first join has ended, because the member joined a cluster (or
	 * became its first member) or because it is shutting down: closes every probe.
	 */
	synchronized void ended() {
		this.ended = true;
		this.started.clear();
		this.probes.values().forEach((key) -> close(key.channel()));
		this.probes.clear();
		close(this.selector);
		this.selector = null;
	}

	/**
	 * Opens a probe to every seed not known to have started that has none, closes the
	 * probes of addresses no longer seeds, takes the connections made before the probe
	 * deadline, and waits for the listening seeds to start until the start deadline.
	 */
	private void probe(List<Seed> seeds, long probeDeadline, long startDeadline) {
		Set<InetSocketAddress> unknown = new HashSet<>();
		for (Seed seed : seeds) {
			if (!seed.address().equals(this.self) && !this.started.contains(seed.address())) {
				unknown.add(seed.address());
			}
		}
		this.probes.entrySet().removeIf((probe) -> {
			if (unknown.contains(probe.getKey())) {
				return false;
			}
			close(probe.getValue().channel());
			return true;
		});
		if (unknown.isEmpty()) {
			return;
		}
		try {
			Selector selector = selector();
			for (InetSocketAddress address : unknown) {
				if (!this.probes.containsKey(address)) {
					connect(selector, address);
				}
			}
			long remaining;
			while (anyProbeWaitingFor(SelectionKey.OP_CONNECT) && (remaining = probeDeadline - System.nanoTime()) > 0) {
				select(selector, remaining);
			}
			while (anyProbeWaitingFor(SelectionKey.OP_READ) && (remaining = startDeadline - System.nanoTime()) > 0) {
				select(selector, remaining);
			}
			selector.selectNow();
			takeAnswers(selector);
		}
		catch (IOException ex) {
			// No selector, no probe: offer what is known to have started; the join waits.
			logger.debug("Could not probe the seeds " + unknown, ex);
		}
	}

	private Selector selector() throws IOException {
		Selector selector = this.selector;
		if (selector == null) {
			selector = Selector.open();
			this.selector = selector;
		}
		return selector;
	}

	/**
	 * Whether a probe waits for this: {@link SelectionKey#OP_CONNECT} while connecting,
	 * {@link SelectionKey#OP_READ} once connected (the peer listens), for its start.
	 */
	private boolean anyProbeWaitingFor(int operation) {
		return this.probes.values().stream().anyMatch((key) -> key.interestOps() == operation);
	}

	private boolean listening(InetSocketAddress address) {
		SelectionKey key = this.probes.get(address);
		return key != null && key.interestOps() == SelectionKey.OP_READ;
	}

	private void select(Selector selector, long remainingNanos) throws IOException {
		selector.select(Math.max(1, remainingNanos / 1_000_000));
		takeAnswers(selector);
	}

	/** Starts a probe; an address refused at once is probed again at the next poll. */
	private void connect(Selector selector, InetSocketAddress address) {
		SocketChannel channel = null;
		try {
			channel = SocketChannel.open();
			channel.configureBlocking(false);
			SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT, address);
			if (channel.connect(address)) {
				awaitPeerClose(key);
			}
			this.probes.put(address, key);
		}
		catch (IOException ex) {
			// Refused at once, or no route: not listening.
			close(channel);
		}
	}

	private void takeAnswers(Selector selector) {
		for (SelectionKey key : selector.selectedKeys()) {
			advance(key);
		}
		selector.selectedKeys().clear();
	}

	/**
	 * Advances a probe the selector reported: a made connection (the peer listens) gets
	 * its sending side closed; a connection the peer closed marks the peer started; a
	 * refused or reset one is dropped, to be probed again at the next poll.
	 */
	private void advance(SelectionKey key) {
		SocketChannel channel = (SocketChannel) key.channel();
		InetSocketAddress address = (InetSocketAddress) key.attachment();
		try {
			if (key.isConnectable()) {
				if (channel.finishConnect()) {
					awaitPeerClose(key);
				}
				return;
			}
			if (key.isReadable() && channel.read(ByteBuffer.allocate(64)) == 0) {
				return;
			}
			// End of stream, or bytes from a peer that speaks first: its application
			// has taken the connection.
			this.started.add(address);
		}
		catch (IOException ex) {
			// Refused: nothing listens. Reset: the peer went before taking the
			// connection.
		}
		this.probes.remove(address);
		close(channel);
	}

	/** Closes the probe's sending side and waits for the peer to close its own. */
	private static void awaitPeerClose(SelectionKey key) throws IOException {
		((SocketChannel) key.channel()).shutdownOutput();
		key.interestOps(SelectionKey.OP_READ);
	}

	private static void close(@Nullable Closeable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// Closing a probe: nothing to lose.
		}
	}

}
