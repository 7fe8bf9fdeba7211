package dev.podcluster.testsupport.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Connections to a member's port from a process that does not speak the member protocol,
 * in a bounded loop: a quarter connected and silent or stopped inside the protocol's
 * {@code HZC} header, held open until {@link #close()}; a quarter the header then garbage
 * where a packet belongs; half garbage alone, up to 4 KiB each, from a fixed seed. Each
 * connection with garbage is closed once written.
 */
public final class HostileConnections implements AutoCloseable {

	private static final byte[] HEADER = "HZC".getBytes(StandardCharsets.US_ASCII);

	private static final int CONNECT_TIMEOUT_MILLIS = 2000;

	private final List<Socket> halfOpen = new ArrayList<>();

	private int garbage;

	private int headerThenGarbage;

	private long bytes;

	private HostileConnections() {
	}

	/**
	 * Open the connections, one after the other.
	 * @param port the member's address and port
	 * @param connections how many connections in all
	 * @param seed the seed of the garbage
	 * @return the half-open connections, held until closed
	 * @throws UncheckedIOException when a connection does not open within 2 s
	 */
	public static HostileConnections send(InetSocketAddress port, int connections, long seed) {
		HostileConnections sent = new HostileConnections();
		Random random = new Random(seed);
		try {
			for (int i = 0; i < connections; i++) {
				Socket socket = new Socket();
				socket.connect(port, CONNECT_TIMEOUT_MILLIS);
				OutputStream out = socket.getOutputStream();
				if (i % 4 == 0) {
					// Connected and silent, or stopped within the header.
					out.write(HEADER, 0, i % 3);
					out.flush();
					sent.halfOpen.add(socket);
					sent.bytes += i % 3;
					continue;
				}
				byte[] garbage = new byte[1 + random.nextInt(4096)];
				random.nextBytes(garbage);
				if (i % 2 == 0) {
					write(out, HEADER);
					sent.headerThenGarbage++;
					sent.bytes += HEADER.length;
				}
				else {
					sent.garbage++;
				}
				write(out, garbage);
				sent.bytes += garbage.length;
				socket.close();
			}
			return sent;
		}
		catch (IOException ex) {
			sent.close();
			throw new UncheckedIOException("Could not connect to " + port + " after " + sent.count() + " connections",
					ex);
		}
	}

	/**
	 * Returns how many connections were opened.
	 * @return the connections, half-open ones included
	 */
	public int count() {
		return this.garbage + this.headerThenGarbage + this.halfOpen.size();
	}

	/**
	 * Returns how many connections are held open, silent or inside the header.
	 * @return the half-open connections
	 */
	public int halfOpen() {
		return this.halfOpen.size();
	}

	@Override
	public String toString() {
		return count() + " connections: " + this.garbage + " of garbage, " + this.headerThenGarbage
				+ " of the header then garbage, " + this.halfOpen.size() + " half-open; " + this.bytes + " bytes";
	}

	/** Close the half-open connections. */
	@Override
	public void close() {
		for (Socket socket : this.halfOpen) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// Closed on our side all the same.
			}
		}
	}

	private static void write(OutputStream out, byte[] bytes) {
		try {
			out.write(bytes);
			out.flush();
		}
		catch (IOException ex) {
			// The member closed the connection on the garbage: what it should do.
		}
	}

}
