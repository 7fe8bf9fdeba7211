package dev.podcluster.hazelcast;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.BuildInfoProvider;
import com.hazelcast.internal.cluster.impl.TcpIpJoiner;
import dev.podcluster.discovery.Seed;
import dev.podcluster.testsupport.net.FreePorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the first join ({@link FirstJoinDecision}) assumes of the Hazelcast on the class
 * path, each failing with what the first join assumes when that Hazelcast behaves
 * otherwise. Read in Hazelcast's {@code com.hazelcast.cluster.Address} and
 * {@code com.hazelcast.internal.cluster.impl.TcpIpJoiner} (which {@code DiscoveryJoiner}
 * extends), and checked against Hazelcast 5.5.0, 5.6.0 and 5.7.0
 * ({@code -Dhazelcast.version=...}):
 * <ul>
 * <li>the join's claimant is the member whose {@code Address.hashCode()} is the lowest
 * among its connected peers ({@code isThisNodeMasterCandidate}), and that hash is
 * {@code 31 * port + host.hashCode()} of the address's IP string;</li>
 * <li>the join asks again (master question or join request) 1 s after a question goes
 * unanswered ({@code JOIN_RETRY_WAIT_TIME}), which the claim head start must stay well
 * under;</li>
 * <li>a claimant waits 10 s for the answers to its claim
 * ({@code MASTERSHIP_CLAIM_TIMEOUT}, fixed: not
 * {@code hazelcast.mastership.claim.timeout.seconds}, which bounds a claim after a master
 * left), which is what a claim to a member that cannot answer yet costs.</li>
 * </ul>
 */
class HazelcastJoinAssumptionsTests {

	@Test
	void addressHashIsThePortAndTheIpStringsHash() {
		assertThat(hashes("10.244.0.5", "10.244.0.6", "10.244.1.5", "127.0.0.1"))
			.as("Hazelcast %s Address.hashCode() of port 5701 on these IPs: the first join picks the claimant "
					+ "as Hazelcast 5.5-5.7 do, from 31 * port + the IP string's hash", version())
			.containsExactly(-368953913, -368953912, -368952952, 1506174936);
		InetSocketAddress address = new InetSocketAddress(ip("10.244.0.5"), 5701);
		assertThat(FirstJoinDecision.addressHash(address))
			.isEqualTo(new Address(address.getAddress(), address.getPort()).hashCode())
			.isEqualTo(31 * 5701 + "10.244.0.5".hashCode());
	}

	@Test
	void theJoinAsksAgainAfterOneSecond() {
		assertThat(constant("JOIN_RETRY_WAIT_TIME"))
			.as("Hazelcast %s's join retry (TcpIpJoiner.JOIN_RETRY_WAIT_TIME, ms): the first join's claim head "
					+ "start (%s) assumes a question asked before the claim is won costs 1 s", version(),
					FirstJoinDecision.CLAIM_HEAD_START)
			.isEqualTo(1000L);
		assertThat(FirstJoinDecision.CLAIM_HEAD_START).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void aMastershipClaimWaitsTenSecondsForItsAnswers() {
		assertThat(constant("MASTERSHIP_CLAIM_TIMEOUT"))
			.as("Hazelcast %s's wait for the answers to a join's mastership claim "
					+ "(TcpIpJoiner.MASTERSHIP_CLAIM_TIMEOUT, s): the first join waits up to %s for created seeds "
					+ "to start because a claim to a member that cannot answer yet stalls the join 10 s", version(),
					FirstJoinDecision.START_WAIT)
			.isEqualTo(10);
		assertThat(FirstJoinDecision.START_WAIT).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void membersOfferedEverySeedAtOnceMakeTheLowestHashTheirMaster() throws Exception {
		List<Seed> seeds = FreePorts.loopback(3)
			.stream()
			.map((port) -> new Seed("member-" + port, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
			.toList();
		String clusterName = "join-assumptions-" + UUID.randomUUID();
		ExecutorService starts = Executors.newFixedThreadPool(seeds.size());
		try {
			List<CompletableFuture<HazelcastInstance>> members = seeds.stream()
				.map((seed) -> CompletableFuture
					.supplyAsync(() -> Hazelcast.newHazelcastInstance(config(clusterName, seed, seeds)), starts))
				.toList();
			try {
				for (CompletableFuture<HazelcastInstance> member : members) {
					HazelcastInstance instance = member.get(2, TimeUnit.MINUTES);
					await().atMost(Duration.ofMinutes(1))
						.untilAsserted(() -> assertThat(instance.getCluster().getMembers()).hasSize(seeds.size()));
					Member master = instance.getCluster().getMembers().iterator().next();
					assertThat(master.getAddress().getPort())
						.as("Hazelcast %s's master when every member is offered every seed at once: the first join "
								+ "gives its head start to the seed with the lowest Address hash, %s of %s", version(),
								FirstJoinDecision.lowest(seeds), seeds)
						.isEqualTo(FirstJoinDecision.lowest(seeds).address().getPort());
				}
			}
			finally {
				members.forEach((member) -> member.thenAccept(HazelcastInstance::shutdown));
			}
		}
		finally {
			starts.shutdown();
		}
	}

	/**
	 * A member on loopback given every seed at once, with a join round long enough that
	 * every member is connected to every other when the claimant is picked.
	 */
	private static Config config(String clusterName, Seed self, List<Seed> seeds) {
		Config config = new Config();
		config.setClusterName(clusterName);
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.logging.type", "slf4j");
		config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
		config.getNetworkConfig().setPort(self.address().getPort()).setPortAutoIncrement(false);
		JoinConfig join = config.getNetworkConfig().getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(8);
		seeds.forEach((seed) -> join.getTcpIpConfig().addMember(Seed.format(seed.address())));
		return config;
	}

	private static Object constant(String name) {
		try {
			Field field = TcpIpJoiner.class.getDeclaredField(name);
			field.setAccessible(true);
			return field.get(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new AssertionError("Hazelcast " + version() + " has no TcpIpJoiner." + name
					+ ", which the first join's timing assumes (see FirstJoinDecision)", ex);
		}
	}

	private static List<Integer> hashes(String... ips) {
		return java.util.Arrays.stream(ips).map((ip) -> new Address(ip(ip), 5701).hashCode()).toList();
	}

	private static InetAddress ip(String ip) {
		try {
			return InetAddress.getByName(ip);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String version() {
		return BuildInfoProvider.getBuildInfo().getVersion();
	}

}
