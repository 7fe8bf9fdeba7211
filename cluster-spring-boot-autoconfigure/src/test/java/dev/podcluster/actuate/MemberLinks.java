package dev.podcluster.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.podcluster.testsupport.net.FreePorts;
import org.jspecify.annotations.Nullable;

/**
 * The network between members on 127.0.0.1, which a test can cut like a partition. Each
 * member advertises the address of a relay in front of its member port, so every
 * connection to it passes the relay, and opens its own connections from ports of its own,
 * so the relay knows who is calling. A cut makes the links between two sides drop what
 * they carry, silently, as a lost network does (no reset: only the heartbeats tell), and
 * fails new connections across it; a heal closes the links that were cut, so the members
 * connect again.
 */
final class MemberLinks implements AutoCloseable {

	private static final int OUTBOUND_PORTS = 8;

	private final List<Integer> memberPorts;

	private final List<ServerSocket> relays = new ArrayList<>();

	private final List<List<Integer>> outboundPorts = new ArrayList<>();

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	/** The side of the cut each member is on; all 0 while the network is whole. */
	private volatile int[] sides;

	private volatile boolean closed;

	private MemberLinks(int count) {
		List<Integer> ports = FreePorts.loopback(count * (1 + OUTBOUND_PORTS));
		this.memberPorts = ports.subList(0, count);
		for (int i = 0; i < count; i++) {
			int from = count + i * OUTBOUND_PORTS;
			this.outboundPorts.add(ports.subList(from, from + OUTBOUND_PORTS));
		}
		this.sides = new int[count];
		try {
			for (int i = 0; i < count; i++) {
				this.relays.add(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
			}
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException(ex);
		}
		for (int i = 0; i < count; i++) {
			int member = i;
			daemon("relay-" + i, () -> accept(member)).start();
		}
	}

	/**
	 * Opens the links of a number of members.
	 * @param count how many members
	 * @return the links
	 */
	static MemberLinks of(int count) {
		return new MemberLinks(count);
	}

	/**
	 * Returns the port a member binds.
	 * @param member the member's index
	 * @return its member port
	 */
	int memberPort(int member) {
		return this.memberPorts.get(member);
	}

	/**
	 * Returns the address a member advertises and its peers call: its relay.
	 * @param member the member's index
	 * @return {@code 127.0.0.1:port}
	 */
	String publicAddress(int member) {
		return "127.0.0.1:" + this.relays.get(member).getLocalPort();
	}

	/**
	 * Returns the ports a member opens its connections from.
	 * @param member the member's index
	 * @return the ports
	 */
	List<Integer> outboundPorts(int member) {
		return this.outboundPorts.get(member);
	}

	/**
	 * Returns the other members' advertised addresses, for a member's static discovery.
	 * @param member the member's index
	 * @return the peers' addresses
	 */
	List<String> peersOf(int member) {
		List<String> peers = new ArrayList<>();
		for (int i = 0; i < this.relays.size(); i++) {
			if (i != member) {
				peers.add(publicAddress(i));
			}
		}
		return peers;
	}

	/**
	 * Cuts the given members off from the rest: from now on nothing passes between the
	 * two sides.
	 * @param members the indexes of the members on the cut-off side
	 */
	void isolate(int... members) {
		int[] sides = new int[this.sides.length];
		Arrays.stream(members).forEach((member) -> sides[member] = 1);
		this.sides = sides;
		this.links.stream().filter(this::crossesCut).forEach((link) -> link.cut = true);
	}

	/**
	 * Heals the network: the links that were cut close, and the members connect again.
	 */
	void heal() {
		this.sides = new int[this.sides.length];
		this.links.stream().filter((link) -> link.cut).forEach(Link::close);
	}

	@Override
	public void close() {
		this.closed = true;
		this.relays.forEach(MemberLinks::closeQuietly);
		this.links.forEach(Link::close);
	}

	private boolean crossesCut(Link link) {
		int[] sides = this.sides;
		return link.from >= 0 && sides[link.from] != sides[link.to];
	}

	private void accept(int member) {
		ServerSocket relay = this.relays.get(member);
		while (!this.closed) {
			Socket inbound;
			try {
				inbound = relay.accept();
			}
			catch (IOException ex) {
				return;
			}
			Link link = new Link(callerOf(inbound.getPort()), member, inbound);
			if (crossesCut(link)) {
				// A new connection across the cut fails, as a connect to an unreachable
				// address does; a relay that held it open would let the caller queue
				// operations on it until the heartbeat timeout.
				closeQuietly(inbound);
				continue;
			}
			this.links.add(link);
			try {
				link.outbound = new Socket(InetAddress.getLoopbackAddress(), memberPort(member));
				daemon("link-out", () -> pump(link, link.outbound, inbound)).start();
				daemon("link-in", () -> pump(link, inbound, link.outbound)).start();
			}
			catch (IOException ex) {
				link.close();
			}
		}
	}

	/**
	 * Returns which member opened a connection from the given port, or -1 for anyone else
	 * (the starter's first-join probes), whom no cut stops.
	 */
	private int callerOf(int port) {
		for (int i = 0; i < this.outboundPorts.size(); i++) {
			if (this.outboundPorts.get(i).contains(port)) {
				return i;
			}
		}
		return -1;
	}

	private void pump(Link link, Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream()) {
			OutputStream out = to.getOutputStream();
			int read;
			while ((read = in.read(buffer)) >= 0) {
				if (!link.cut) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
		}
		catch (IOException ex) {
			// closed: by either end, a heal or the end of the test
		}
		link.close();
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// best effort
		}
	}

	private final class Link {

		private final int from;

		private final int to;

		private final Socket inbound;

		private volatile @Nullable Socket outbound;

		private volatile boolean cut;

		Link(int from, int to, Socket inbound) {
			this.from = from;
			this.to = to;
			this.inbound = inbound;
		}

		void close() {
			closeQuietly(this.inbound);
			closeQuietly(this.outbound);
			MemberLinks.this.links.remove(this);
		}

	}

}
