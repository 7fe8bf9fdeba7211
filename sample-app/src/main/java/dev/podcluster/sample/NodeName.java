package dev.podcluster.sample;

import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.naming.NodeIdentity;

import org.springframework.beans.factory.ObjectProvider;

/**
 * This node's name for messages and records: the starter's node name, or Hazelcast's
 * member address when the starter is off ({@code cluster.enabled=false}) and Spring Boot
 * alone runs Hazelcast.
 */
final class NodeName {

	private NodeName() {
	}

	static String of(ObjectProvider<NodeIdentity> identity, HazelcastInstance hazelcast) {
		NodeIdentity node = identity.getIfAvailable();
		return (node != null) ? node.name() : hazelcast.getCluster().getLocalMember().getAddress().toString();
	}

}
