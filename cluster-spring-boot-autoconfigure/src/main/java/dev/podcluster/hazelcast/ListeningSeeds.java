package dev.podcluster.hazelcast;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.podcluster.discovery.Seed;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Narrows the seeds of a member's first join to those that accept a TCP connection on
 * their member port. Pods started together are listed by DNS before their JVMs listen,
 * and Hazelcast waits a fixed 10 s for a mastership claim sent to such a seed, during
 * which the claimant refuses every other claim. Offered only seeds that listen, no claim
 * goes to a JVM that has not created its member yet (a member listens from its creation,
 * which under load comes seconds before it starts: a claim to such a member still waits).
 * It cannot split a parallel start: of two members, the later to listen finds the earlier
 * one listening, and a member offered nobody for Hazelcast's whole join wait becomes
 * master, where later members find it. Once the member has joined, the split-brain checks
 * get every seed again, unprobed.
 */
final class ListeningSeeds {

	private static final Log logger = LogFactory.getLog(ListeningSeeds.class);

	/**
	 * A listening peer on a pod network accepts within milliseconds, whatever its load
	 * (the kernel answers); the address of a pod that is gone answers nothing.
	 */
	static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);

	private final @Nullable InetSocketAddress self;

	private final Duration timeout;

	/** A seed seen listening stays offered: one probe, one connection, per peer. */
	private final Set<InetSocketAddress> listening = ConcurrentHashMap.newKeySet();

	private volatile boolean joined;

	/**
	 * Creates a filter.
	 * @param self this member's own address and port, never probed, or {@code null}
	 * @param timeout how long a probe waits for a seed to accept
	 */
	ListeningSeeds(@Nullable InetSocketAddress self, Duration timeout) {
		this.self = self;
		this.timeout = timeout;
	}

	/**
	 * Returns the seeds to offer Hazelcast: before the member has joined, this member and
	 * the seeds that accept a connection now; after, all of them.
	 * @param seeds the current seeds
	 * @return the seeds to offer
	 */
	List<Seed> offer(List<Seed> seeds) {
		if (this.joined) {
			return seeds;
		}
		List<InetSocketAddress> unknown = new ArrayList<>();
		for (Seed seed : seeds) {
			if (!seed.address().equals(this.self) && !this.listening.contains(seed.address())) {
				unknown.add(seed.address());
			}
		}
		if (!unknown.isEmpty()) {
			probe(unknown);
		}
		List<Seed> offered = seeds.stream()
			.filter((seed) -> seed.address().equals(this.self) || this.listening.contains(seed.address()))
			.toList();
		if (logger.isDebugEnabled() && offered.size() < seeds.size()) {
			logger.debug("First join: offering the seeds that accept a connection, " + offered + " of " + seeds);
		}
		return offered;
	}

	/** Called once the member has joined a cluster (or become its first member). */
	void joined() {
		this.joined = true;
		this.listening.clear();
	}

	/**
	 * Connects to every address at once, without blocking on any, and records those that
	 * accept within the timeout. A refused or silent address is asked again next time.
	 */
	private void probe(List<InetSocketAddress> addresses) {
		try (Selector selector = Selector.open()) {
			int pending = 0;
			for (InetSocketAddress address : addresses) {
				pending += connect(selector, address) ? 1 : 0;
			}
			long deadline = System.nanoTime() + this.timeout.toNanos();
			long remaining;
			while (pending > 0 && (remaining = deadline - System.nanoTime()) > 0) {
				selector.select(Math.max(1, remaining / 1_000_000));
				for (SelectionKey key : selector.selectedKeys()) {
					pending -= finish(key) ? 1 : 0;
				}
				selector.selectedKeys().clear();
			}
			for (SelectionKey key : selector.keys()) {
				close(key.channel());
			}
		}
		catch (IOException ex) {
			// No selector, no probe: offer what is known to listen; the join waits.
			logger.debug("Could not probe the seeds " + addresses, ex);
		}
	}

	/**
	 * Starts a connection.
	 * @return whether it is pending, to be finished by the selector
	 */
	private boolean connect(Selector selector, InetSocketAddress address) {
		SocketChannel channel = null;
		try {
			channel = SocketChannel.open();
			channel.configureBlocking(false);
			if (!channel.connect(address)) {
				channel.register(selector, SelectionKey.OP_CONNECT, address);
				return true;
			}
			this.listening.add(address);
		}
		catch (IOException ex) {
			// Refused at once, or no route: not listening.
		}
		close(channel);
		return false;
	}

	/**
	 * Finishes a connection the selector reported.
	 * @return whether it is done, accepted or refused
	 */
	private boolean finish(SelectionKey key) {
		SocketChannel channel = (SocketChannel) key.channel();
		try {
			if (!channel.finishConnect()) {
				return false;
			}
			this.listening.add((InetSocketAddress) key.attachment());
		}
		catch (IOException ex) {
			// Refused: not listening yet.
		}
		close(channel);
		return true;
	}

	private static void close(@Nullable Channel channel) {
		if (channel == null) {
			return;
		}
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Closing a probe: nothing to lose.
		}
	}

}
