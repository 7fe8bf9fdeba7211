package dev.podcluster.hazelcast;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import dev.podcluster.discovery.Seed;
import dev.podcluster.testsupport.net.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first join's seeds: only peers that listen, on real sockets on loopback.
 */
class ListeningSeedsTests {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	@Test
	void offersThisMemberAndTheSeedsThatAcceptAConnection() throws IOException {
		List<Integer> ports = FreePorts.loopback(3);
		Seed self = seed("self", ports.get(0));
		Seed silent = seed("silent", ports.get(2));
		try (ServerSocket peer = listen(ports.get(1))) {
			Seed listening = seed("peer", ports.get(1));
			ListeningSeeds firstJoin = new ListeningSeeds(self.address(), ListeningSeeds.PROBE_TIMEOUT);
			assertThat(firstJoin.offer(List.of(self, listening, silent))).containsExactly(self, listening);
		}
	}

	@Test
	void aSeedIsOfferedOnceItListens() throws IOException {
		List<Integer> ports = FreePorts.loopback(2);
		Seed self = seed("self", ports.get(0));
		Seed late = seed("late", ports.get(1));
		ListeningSeeds firstJoin = new ListeningSeeds(self.address(), ListeningSeeds.PROBE_TIMEOUT);
		assertThat(firstJoin.offer(List.of(self, late))).containsExactly(self);
		try (ServerSocket peer = listen(ports.get(1))) {
			assertThat(firstJoin.offer(List.of(self, late))).containsExactly(self, late);
		}
	}

	@Test
	void onceJoinedEverySeedIsOfferedUnprobed() {
		List<Integer> ports = FreePorts.loopback(2);
		Seed self = seed("self", ports.get(0));
		Seed silent = seed("silent", ports.get(1));
		ListeningSeeds firstJoin = new ListeningSeeds(self.address(), ListeningSeeds.PROBE_TIMEOUT);
		firstJoin.joined();
		assertThat(firstJoin.offer(List.of(self, silent))).containsExactly(self, silent);
	}

	private static Seed seed(String name, int port) {
		return new Seed(name, new InetSocketAddress(LOOPBACK, port));
	}

	private static ServerSocket listen(int port) throws IOException {
		return new ServerSocket(port, 50, LOOPBACK);
	}

}
