package dev.podcluster.hazelcast;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Probe connections to the seeds of the first join, which tell a seed that listens from
 * one that has started. Each seed gets one probe whose sending side is closed at once.
 * The kernel completes the connection while the peer is only created (it listens); the
 * peer's acceptor, which runs once it has started, takes the connection and closes it in
 * turn (started). A refused or reset probe means nothing listens (gone): it is dropped,
 * to be made afresh at the next {@link #probe}. No Hazelcast protocol is spoken; the peer
 * logs the closed connection at INFO.
 * <p>
 * Used by one thread at a time; {@link #wakeup()} from any.
 */
final class SeedProbes implements FirstJoinSeeds.Probes {

	private static final Log logger = LogFactory.getLog(SeedProbes.class);

	private final LongSupplier nanoTime;

	/** Seeds seen started: never probed again. */
	private final Set<InetSocketAddress> started = new HashSet<>();

	/** Open probes, by the address they probe. */
	private final Map<InetSocketAddress, SelectionKey> probes = new HashMap<>();

	private volatile @Nullable Selector selector;

	SeedProbes(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/**
	 * Opens a probe to every one of these addresses not known to have started that has
	 * none, closes the probes of other addresses, and takes the answers at hand.
	 */
	@Override
	public Probed probe(Set<InetSocketAddress> addresses) {
		this.probes.entrySet().removeIf((probe) -> {
			if (addresses.contains(probe.getKey())) {
				return false;
			}
			close(probe.getValue().channel());
			return true;
		});
		try {
			Selector selector = selector();
			for (InetSocketAddress address : addresses) {
				if (!this.started.contains(address) && !this.probes.containsKey(address)) {
					connect(selector, address);
				}
			}
			selector.selectNow();
			takeAnswers(selector);
		}
		catch (IOException ex) {
			// No selector, no probe: what is known to have started is offered.
			logger.debug("Could not probe the seeds " + addresses, ex);
		}
		return probed();
	}

	/**
	 * Waits for a probe's answer until the deadline, or until {@link #wakeup()}, and
	 * takes the answers.
	 */
	@Override
	public Probed await(long deadline) {
		try {
			Selector selector = selector();
			long remaining = deadline - this.nanoTime.getAsLong();
			if (remaining > 0) {
				selector.select(Math.max(1, remaining / 1_000_000));
			}
			else {
				selector.selectNow();
			}
			takeAnswers(selector);
		}
		catch (IOException ex) {
			// No selector: no probe either, nothing to take.
			logger.debug("Could not wait for the probes' answers", ex);
		}
		return probed();
	}

	@Override
	public void wakeup() {
		Selector selector = this.selector;
		if (selector != null) {
			selector.wakeup();
		}
	}

	/** Closes every probe. */
	@Override
	public void close() {
		this.started.clear();
		this.probes.values().forEach((key) -> close(key.channel()));
		this.probes.clear();
		close(this.selector);
		this.selector = null;
	}

	private Probed probed() {
		Set<InetSocketAddress> connecting = new HashSet<>();
		Set<InetSocketAddress> listening = new HashSet<>();
		this.probes.forEach((address, key) -> {
			if (key.interestOps() == SelectionKey.OP_CONNECT) {
				connecting.add(address);
			}
			else {
				listening.add(address);
			}
		});
		return new Probed(Set.copyOf(connecting), Set.copyOf(listening), Set.copyOf(this.started));
	}

	private Selector selector() throws IOException {
		Selector selector = this.selector;
		if (selector == null) {
			selector = Selector.open();
			this.selector = selector;
		}
		return selector;
	}

	/** Starts a probe; an address refused at once is probed again next time. */
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
	 * refused or reset one is dropped, to be probed again next time.
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

	/**
	 * What the probes have found.
	 *
	 * @param connecting seeds whose probe connects still
	 * @param listening seeds whose probe connected and is not yet closed by the peer
	 * @param started seeds that closed their probe, ever
	 */
	record Probed(Set<InetSocketAddress> connecting, Set<InetSocketAddress> listening, Set<InetSocketAddress> started) {

	}

}
