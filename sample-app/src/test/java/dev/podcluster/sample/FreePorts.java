package dev.podcluster.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP ports on loopback that nobody listens on, for members started side by side in one
 * test.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * Distinct free loopback ports, all held open together while they are picked so none
	 * repeats.
	 * @param count how many
	 * @return the ports
	 */
	public static List<Integer> loopback(int count) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free loopback port", ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// the port was found; closing is best effort
				}
			}
		}
	}

}
