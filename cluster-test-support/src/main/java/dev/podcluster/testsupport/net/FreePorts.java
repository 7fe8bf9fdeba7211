package dev.podcluster.testsupport.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TCP ports on loopback that nobody listens on, for members started side by side in one
 * test.
 * <p>
 * The ports lie below the kernel's ephemeral range ({@code ip_local_port_range}), so a
 * web server started with {@code server.port=0}, or any outgoing connection, never takes
 * one between its pick and the member's start (a member on loopback would then bind the
 * next port, not the one its seed or DNS record names). They are handed out in turn from
 * a random start, so one JVM never gets the same port twice.
 */
public final class FreePorts {

	private static final int LOWEST = 20000;

	private static final int HIGHEST = ephemeralStart() - 1;

	private static final AtomicInteger next = new AtomicInteger(
			ThreadLocalRandom.current().nextInt(HIGHEST - LOWEST + 1));

	private FreePorts() {
	}

	/**
	 * Returns distinct free loopback ports.
	 * @param count how many
	 * @return the ports
	 */
	public static List<Integer> loopback(int count) {
		List<Integer> ports = new ArrayList<>();
		int range = HIGHEST - LOWEST + 1;
		for (int tried = 0; ports.size() < count; tried++) {
			if (tried == range) {
				throw new UncheckedIOException(new IOException("no free loopback port between " + LOWEST + " and "
						+ HIGHEST + " (below the ephemeral range)"));
			}
			int port = LOWEST + Math.floorMod(next.getAndIncrement(), range);
			if (free(port)) {
				ports.add(port);
			}
		}
		return List.copyOf(ports);
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The first port of the kernel's ephemeral range (Linux's default 32768 elsewhere).
	 */
	private static int ephemeralStart() {
		try {
			String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
			int start = Integer.parseInt(range.split("\\s+")[0]);
			return (start > LOWEST + 1000) ? start : 32768;
		}
		catch (IOException | RuntimeException ex) {
			return 32768;
		}
	}

}
