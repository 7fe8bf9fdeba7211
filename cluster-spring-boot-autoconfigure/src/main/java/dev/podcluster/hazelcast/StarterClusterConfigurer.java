package dev.podcluster.hazelcast;

import java.net.InetSocketAddress;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.PartitionGroupConfig;
import com.hazelcast.config.PartitionGroupConfig.MemberGroupType;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.LifecycleListener;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.naming.NodeIdentity;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The starter's {@link ClusterConfigurer}: applies this node's identity and discovery to
 * a Hazelcast {@link Config}.
 */
final class StarterClusterConfigurer implements ClusterConfigurer {

	private static final Log logger = LogFactory.getLog(StarterClusterConfigurer.class);

	private final String clusterName;

	private final NodeIdentity identity;

	private final SeedTracker seeds;

	private final HazelcastSettings settings;

	private final JavaSerializationFilter serializationFilter;

	private final MemberPlacement placement;

	private final SplitBrainSettings splitBrain;

	private final @Nullable String revision;

	/**
	 * Creates a configurer.
	 * @param clusterName the shared cluster name; members with another name never join
	 * @param identity this node's name, address and member port
	 * @param seeds where the seeds come from
	 * @param settings the Hazelcast properties ({@code hazelcast.*}) to set
	 * @param serializationFilter which classes the member may read from Java
	 * serialization
	 * @param placement this member's zone and node, and the partition group they put it
	 * in
	 * @param splitBrain the split-brain protection and merge policy of the maps
	 * @param revision the revision of the workload this member runs, or {@code null} when
	 * unknown
	 */
	StarterClusterConfigurer(String clusterName, NodeIdentity identity, SeedTracker seeds, HazelcastSettings settings,
			JavaSerializationFilter serializationFilter, MemberPlacement placement, SplitBrainSettings splitBrain,
			@Nullable String revision) {
		this.clusterName = clusterName;
		this.identity = identity;
		this.seeds = seeds;
		this.settings = settings;
		this.serializationFilter = serializationFilter;
		this.placement = placement;
		this.splitBrain = splitBrain;
		this.revision = revision;
	}

	/**
	 * Applies the cluster name, the node's address and attributes (its workload revision
	 * among them), discovery, and the partition group, the maps' merge policy and
	 * split-brain protection, and the Java deserialization filter unless the
	 * configuration has its own.
	 * @param config the configuration to change
	 */
	@Override
	public void configure(Config config) {
		config.setClusterName(this.clusterName);
		this.settings.properties(this.identity.address()).forEach(config::setProperty);
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(this.identity.port());
		// Several members share one machine only on loopback; a pod owns its address and
		// port.
		network.setPortAutoIncrement(this.identity.address().isLoopbackAddress());
		JoinConfig join = network.getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(false);
		// The discovery joiner asks its seeds who the master is for this long before one
		// of them claims mastership (Hazelcast's default, 5 s, is most of a cold start).
		// A claim still needs every seed to answer and agree, so a shorter round never
		// splits pods started together.
		join.getTcpIpConfig().setConnectionTimeoutSeconds(1);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getKubernetesConfig().setEnabled(false);
		FirstJoinSeeds firstJoin = FirstJoinSeeds
			.of(new InetSocketAddress(this.identity.address(), this.identity.port()));
		join.getDiscoveryConfig()
			.addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(new ClusterDiscoveryStrategyFactory(this.seeds,
					this.placement.partitionGroupMetadata(), firstJoin)));
		// Hazelcast fires STARTED once the member has joined (or is the first member),
		// and SHUTTING_DOWN also for a member shut down before it got there.
		config.addListenerConfig(new ListenerConfig((LifecycleListener) (event) -> {
			if (event.getState() == LifecycleState.STARTED || event.getState() == LifecycleState.SHUTTING_DOWN) {
				firstJoin.ended();
			}
		}));
		config.getMemberAttributeConfig().setAttribute(MemberAttributes.NODE_NAME, this.identity.name());
		config.getMemberAttributeConfig()
			.setAttribute(MemberAttributes.NAMING_MODE, this.identity.mode().configValue());
		this.placement.attributes().forEach(config.getMemberAttributeConfig()::setAttribute);
		if (this.revision != null) {
			config.getMemberAttributeConfig().setAttribute(MemberAttributes.REVISION, this.revision);
		}
		applyPartitionGroup(config.getPartitionGroupConfig());
		this.serializationFilter.applyTo(config);
		this.splitBrain.applyTo(config);
	}

	private void applyPartitionGroup(PartitionGroupConfig partitionGroup) {
		MemberGroupType type = this.placement.groupType();
		if (type == null) {
			// none: as the application's Hazelcast file has it, off by default.
			return;
		}
		if (partitionGroup.isEnabled() && partitionGroup.getGroupType() != type) {
			logger.warn("The Hazelcast configuration's partition group " + partitionGroup.getGroupType()
					+ " is replaced by " + type + " (cluster.hazelcast.partition-group="
					+ this.placement.grouping().configValue()
					+ "); set cluster.hazelcast.partition-group to none to keep it");
		}
		// Every member configured alike gets the same type whatever it knows: Hazelcast
		// refuses a joining member whose partition group type differs from the cluster's.
		partitionGroup.setEnabled(true).setGroupType(type);
		String shortfall = this.placement.shortfall();
		if (shortfall != null) {
			logger.warn(shortfall);
		}
		else if (logger.isInfoEnabled()) {
			logger.info("Partition group " + type + ", this member grouped by " + this.placement.groupedBy() + " ("
					+ describe() + "): a backup is kept outside its primary's group");
		}
	}

	private String describe() {
		return "zone " + ((this.placement.zone() != null) ? this.placement.zone() : "unknown") + ", node "
				+ ((this.placement.node() != null) ? this.placement.node() : "unknown");
	}

}
