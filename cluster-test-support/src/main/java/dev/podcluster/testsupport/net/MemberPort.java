package dev.podcluster.testsupport.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port on loopback that behaves as a Hazelcast member's does: bound and listening from
 * the member's creation, with nobody accepting (the kernel completes connections), until
 * the member starts; from then on an acceptor takes each connection, reads it until the
 * other side closes, and closes its own.
 */
public final class MemberPort implements AutoCloseable {

	private final ServerSocket server;

	private final AtomicInteger accepted = new AtomicInteger();

	private MemberPort(ServerSocket server) {
		this.server = server;
	}

	/**
	 * Binds a port of a member that is created, not started.
	 * @param port the port on loopback, 0 for any free one
	 * @return the port, listening
	 * @throws IOException when it cannot be bound
	 */
	public static MemberPort created(int port) throws IOException {
		return new MemberPort(new ServerSocket(port, 50, InetAddress.getLoopbackAddress()));
	}

	/**
	 * Binds a port of a member that has started.
	 * @param port the port on loopback, 0 for any free one
	 * @return the port, accepting
	 * @throws IOException when it cannot be bound
	 */
	public static MemberPort started(int port) throws IOException {
		return created(port).start();
	}

	/**
	 * Starts accepting, as the member's start does.
	 * @return this port
	 */
	public MemberPort start() {
		Thread acceptor = new Thread(this::serve, "member-port-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
		return this;
	}

	/** The address to connect to. */
	public InetSocketAddress address() {
		return new InetSocketAddress(this.server.getInetAddress(), this.server.getLocalPort());
	}

	/** How many connections the acceptor has taken. */
	public int accepted() {
		return this.accepted.get();
	}

	private void serve() {
		while (!this.server.isClosed()) {
			try (Socket connection = this.server.accept(); InputStream in = connection.getInputStream()) {
				this.accepted.incrementAndGet();
				in.transferTo(OutputStream.nullOutputStream());
			}
			catch (SocketException ex) {
				// Closed: the member is gone, or the other side reset the connection.
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
