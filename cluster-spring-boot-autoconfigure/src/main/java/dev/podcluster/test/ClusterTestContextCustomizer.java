package dev.podcluster.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.podcluster.ClusterPropertyRules;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.SmartContextLoader;

/**
 * Gives a test context's member a cluster name of its own and a member list of 127.0.0.1
 * ports that only the test's members listen on, over whatever the application configures;
 * with {@link TestCluster} it first starts the other members from the same test
 * configuration. Contexts with the same number of members are alike for Spring's context
 * cache; each gets its own name and ports when it is created.
 */
final class ClusterTestContextCustomizer implements ContextCustomizer {

	/** Set to {@code false} to leave the cluster configuration of tests as it is. */
	static final String ISOLATION_PROPERTY = "cluster.test.isolation.enabled";

	static final String PROPERTY_SOURCE = "clusterTestIsolation";

	private static final String LOOPBACK = "127.0.0.1";

	/** The member the current thread is starting for another test context. */
	private static final ThreadLocal<@Nullable Member> starting = new ThreadLocal<>();

	private final int members;

	private final boolean requested;

	ClusterTestContextCustomizer(int members, boolean requested) {
		this.members = members;
		this.requested = requested;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		Member other = starting.get();
		if (other != null) {
			// One of the other members of a test's cluster, started below.
			starting.remove();
			isolate(context.getEnvironment(), other);
			return;
		}
		if (!context.getEnvironment().getProperty(ISOLATION_PROPERTY, Boolean.class, true)) {
			if (this.members > 1) {
				throw new IllegalStateException("@TestCluster(members = " + this.members + ") on "
						+ mergedConfig.getTestClass().getName() + " needs " + ISOLATION_PROPERTY
						+ ", which is false: remove the annotation, or the property");
			}
			return;
		}
		String clusterName = "test-" + UUID.randomUUID();
		List<Integer> ports = freeLoopbackPorts(this.members);
		List<ConfigurableApplicationContext> others = startOthers(mergedConfig, clusterName, ports);
		isolate(context.getEnvironment(), new Member(clusterName, ports, this.members - 1, false));
		if (this.requested) {
			TestClusterMembers cluster = new TestClusterMembers(clusterName, others);
			context.getBeanFactory().registerSingleton("testClusterMembers", cluster);
			context.addApplicationListener(closeWith(context, cluster));
		}
	}

	private List<ConfigurableApplicationContext> startOthers(MergedContextConfiguration mergedConfig,
			String clusterName, List<Integer> ports) {
		List<ConfigurableApplicationContext> others = new ArrayList<>();
		if (this.members == 1) {
			return others;
		}
		if (!(mergedConfig.getContextLoader() instanceof SmartContextLoader loader)) {
			throw new IllegalStateException("@TestCluster on " + mergedConfig.getTestClass().getName()
					+ " needs a SmartContextLoader, such as @SpringBootTest's, to start the other members");
		}
		try {
			for (int i = 0; i < this.members - 1; i++) {
				starting.set(new Member(clusterName, ports, i, true));
				try {
					others.add((ConfigurableApplicationContext) loader.loadContext(mergedConfig));
				}
				finally {
					starting.remove();
				}
			}
			return others;
		}
		catch (Exception ex) {
			new TestClusterMembers(clusterName, others).close();
			throw new IllegalStateException("Member " + (others.size() + 1) + " of the " + this.members
					+ "-member @TestCluster of " + mergedConfig.getTestClass().getName() + " did not start", ex);
		}
	}

	private static ApplicationListener<ContextClosedEvent> closeWith(ApplicationContext context,
			TestClusterMembers cluster) {
		return (event) -> {
			if (event.getApplicationContext() == context) {
				cluster.close();
			}
		};
	}

	private static void isolate(ConfigurableEnvironment environment, Member member) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(ClusterPropertyRules.CLUSTER_NAME, member.clusterName());
		properties.put(ClusterPropertyRules.EXPECTED_MEMBERS, member.ports().size());
		properties.put(ClusterPropertyRules.DISCOVERY_MODE, "static");
		properties.put(ClusterPropertyRules.DISCOVERY_STATIC_MEMBERS,
				member.ports().stream().map((port) -> LOOPBACK + ":" + port).collect(Collectors.joining(",")));
		properties.put(ClusterPropertyRules.HAZELCAST_ADDRESS, LOOPBACK);
		properties.put(ClusterPropertyRules.HAZELCAST_PORT, member.ports().get(member.index()));
		if (member.other()) {
			// The test's own web server, if any, keeps its port; the others take any.
			properties.put("server.port", 0);
			if (environment.containsProperty("management.server.port")) {
				properties.put("management.server.port", 0);
			}
		}
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
	}

	private static List<Integer> freeLoopbackPorts(int count) {
		// Held open together, so that the ports differ.
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket();
				sockets.add(socket);
				socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on " + LOOPBACK + " for a test's cluster member", ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closed or never bound: nothing to free
				}
			}
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof ClusterTestContextCustomizer customizer && customizer.members == this.members
				&& customizer.requested == this.requested;
	}

	@Override
	public int hashCode() {
		return Integer.hashCode(this.members) * 31 + Boolean.hashCode(this.requested);
	}

	/**
	 * One member of a test's cluster.
	 *
	 * @param clusterName the cluster's unique name
	 * @param ports every member's port, in start order
	 * @param index this member's place in {@code ports}
	 * @param other whether this is one of the other members rather than the test's own
	 */
	private record Member(String clusterName, List<Integer> ports, int index, boolean other) {

	}

}
