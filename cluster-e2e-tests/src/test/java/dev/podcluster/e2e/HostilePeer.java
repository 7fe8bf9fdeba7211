package dev.podcluster.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.PartitionGroupConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.partitiongroup.PartitionGroupMetaData;
import dev.podcluster.testsupport.hostile.HostileConnections;
import dev.podcluster.testsupport.hostile.RogueTask;

/**
 * A process on the pod network that is no well-behaved member, as {@link HostileInputIT}
 * runs it in a member pod's network namespace (so from an address the NetworkPolicy
 * admits). It joins the cluster as a plain Hazelcast member with the cluster's name and
 * the members' addresses, submits a {@link RogueTask} to the target member, leaves
 * (gracefully, handing back its partitions), then opens {@link HostileConnections} to the
 * target's port and holds the half-open ones until its standard input closes. It judges
 * nothing: each step is one {@code HOSTILE-PEER} line on standard output for the test to
 * read.
 * <p>
 * Arguments, each {@code name=value}: {@code cluster-name}, {@code address} and
 * {@code port} (its own), {@code zone} (the partition group's, as the members have one),
 * {@code members} (comma-separated {@code ip:port}) and {@code target} ({@code ip:port},
 * one of the members).
 */
public final class HostilePeer {

	static final String PREFIX = "HOSTILE-PEER ";

	/** How many connections the garbage loop opens. */
	static final int CONNECTIONS = 120;

	private HostilePeer() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		Map<String, String> arguments = Arrays.stream(args)
			.map((argument) -> argument.split("=", 2))
			.collect(Collectors.toMap((pair) -> pair[0], (pair) -> pair[1]));
		String target = arguments.get("target");
		long start = System.nanoTime();
		HazelcastInstance peer = Hazelcast.newHazelcastInstance(config(arguments));
		try {
			List<String> members = peer.getCluster().getMembers().stream().map(HostilePeer::address).toList();
			report("joined members=" + members.size() + " ms=" + millisSince(start) + " " + members);
			Member member = peer.getCluster()
				.getMembers()
				.stream()
				.filter((candidate) -> address(candidate).equals(target))
				.findFirst()
				.orElse(null);
			if (member == null) {
				report("task not sent: " + target + " is not a member");
			}
			else {
				long sent = System.nanoTime();
				report("task " + outcome(peer.getExecutorService("rogue").submitToMember(new RogueTask(), member))
						+ " ms=" + millisSince(sent));
			}
		}
		finally {
			long leaving = System.nanoTime();
			peer.shutdown();
			report("left ms=" + millisSince(leaving));
		}
		String[] host = target.split(":");
		try (HostileConnections sent = HostileConnections
			.send(new InetSocketAddress(host[0], Integer.parseInt(host[1])), CONNECTIONS, 26)) {
			report("sent " + sent + "; half-open held until standard input closes");
			while (System.in.read() != -1) {
				// Held until the test has looked at the member.
			}
		}
		report("released");
	}

	private static Config config(Map<String, String> arguments) {
		Config config = new Config();
		config.setClusterName(arguments.get("cluster-name"));
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.shutdownhook.enabled", "false");
		config.setProperty("hazelcast.socket.bind.any", "false");
		config.setProperty("hazelcast.local.localAddress", arguments.get("address"));
		config.setProperty("hazelcast.wait.seconds.before.join", "1");
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(Integer.parseInt(arguments.get("port"))).setPortAutoIncrement(false);
		JoinConfig join = network.getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(true).setMembers(List.of(arguments.get("members").split(",")));
		// Hazelcast refuses a member whose partition group type differs from the
		// cluster's: the members group by zone.
		config.getPartitionGroupConfig().setEnabled(true).setGroupType(PartitionGroupConfig.MemberGroupType.ZONE_AWARE);
		config.getMemberAttributeConfig()
			.setAttribute(PartitionGroupMetaData.PARTITION_GROUP_ZONE, arguments.get("zone"));
		return config;
	}

	private static String outcome(Future<String> task) throws InterruptedException {
		try {
			return "returned " + task.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex;
			while (cause.getCause() != null && cause.getCause() != cause) {
				cause = cause.getCause();
			}
			return "failed " + cause;
		}
		catch (TimeoutException ex) {
			return "unanswered after 30 s";
		}
	}

	private static String address(Member member) {
		InetSocketAddress address = member.getSocketAddress();
		return address.getAddress().getHostAddress() + ":" + address.getPort();
	}

	private static long millisSince(long startNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
	}

	private static void report(String line) {
		System.out.println(PREFIX + line);
		System.out.flush();
	}

}
