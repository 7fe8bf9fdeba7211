package dev.podcluster.test;

import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The cluster a Spring test's application context is a member of, as a bean of that
 * context: its name, and the application contexts of the other members that
 * {@link TestCluster} started in the test's JVM.
 *
 * @since 0.1.0
 * @see TestCluster
 */
public final class TestClusterMembers {

	private final String clusterName;

	private final List<ConfigurableApplicationContext> others;

	TestClusterMembers(String clusterName, List<ConfigurableApplicationContext> others) {
		this.clusterName = clusterName;
		this.others = List.copyOf(others);
	}

	/**
	 * Returns the cluster name the test's members share, unique to the test context.
	 * @return the cluster name
	 */
	public String clusterName() {
		return this.clusterName;
	}

	/**
	 * Returns how many members the cluster was started with, the test's own included.
	 * @return the number of members
	 */
	public int size() {
		return this.others.size() + 1;
	}

	/**
	 * Returns the application contexts of the other members, in the order they started:
	 * the first is the oldest member of the cluster. Closing one stops that member.
	 * @return the other members' contexts
	 */
	public List<ConfigurableApplicationContext> others() {
		return this.others;
	}

	void close() {
		// The youngest first: the oldest member hands over once.
		for (int i = this.others.size() - 1; i >= 0; i--) {
			this.others.get(i).close();
		}
	}

}
