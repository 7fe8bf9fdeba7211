package dev.podcluster.e2e;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One pod's answer at the sample's {@code /actuator/cluster}.
 *
 * @param clusterName the Hazelcast cluster name
 * @param state the cluster state
 * @param size the number of members
 * @param localName this member's node name
 * @param localAddress this member's address
 * @param namingMode how the node name was chosen
 * @param members every member as this pod sees them
 * @param discoveryMode the discovery mode in use
 * @param discoveryQuery the DNS query, if any
 * @param seeds the seeds found at the last lookup
 * @param discoveryError the last lookup's error, {@code null} when it succeeded
 * @param json the whole answer, for failure messages
 */
record ClusterView(@Nullable String clusterName, @Nullable String state, int size, @Nullable String localName,
		@Nullable String localAddress, @Nullable String namingMode, List<Member> members,
		@Nullable String discoveryMode, @Nullable String discoveryQuery, List<String> seeds,
		@Nullable String discoveryError, String json) {

	/**
	 * Read a view from the JSON of {@code /actuator/cluster}.
	 * @param body the answer's body
	 * @return the view
	 */
	static ClusterView parse(String body) {
		return parse(SampleApp.JSON.readTree(body));
	}

	private static ClusterView parse(JsonNode json) {
		JsonNode local = json.path("local");
		JsonNode discovery = json.path("discovery");
		List<Member> members = json.path("members")
			.values()
			.stream()
			.map((member) -> new Member(text(member.path("name")), address(member.path("address")),
					member.path("local").asBoolean(false), member.path("oldest").asBoolean(false),
					text(member.path("revision")), text(member.path("zone")), text(member.path("node")),
					text(member.path("partitionGroup"))))
			.toList();
		List<String> seeds = discovery.path("seeds").values().stream().map(ClusterView::text).toList();
		return new ClusterView(text(json.path("clusterName")), text(json.path("state")), json.path("size").asInt(-1),
				text(local.path("name")), address(local.path("address")), text(local.path("namingMode")), members,
				text(discovery.path("mode")), text(discovery.path("query")), seeds, text(discovery.path("error")),
				json.toString());
	}

	Set<String> memberNames() {
		return this.members.stream().map(Member::name).collect(Collectors.toSet());
	}

	/** The workload revisions the members run, as they publish them. */
	Set<@Nullable String> memberRevisions() {
		return this.members.stream().map(Member::revision).collect(Collectors.toSet());
	}

	Set<String> memberAddresses() {
		return this.members.stream().map(Member::address).collect(Collectors.toSet());
	}

	/**
	 * Addresses as {@code ip:port}, whether or not the answer writes them Hazelcast's
	 * way, {@code [ip]:port}.
	 */
	private static @Nullable String address(JsonNode node) {
		String address = text(node);
		return (address != null) ? address.replace("[", "").replace("]", "") : null;
	}

	private static @Nullable String text(JsonNode node) {
		return (node.isMissingNode() || node.isNull()) ? null : node.asString();
	}

	/**
	 * A member as one pod sees it.
	 *
	 * @param name its node name
	 * @param address its Hazelcast address, {@code ip:port}
	 * @param local whether it is the answering pod
	 * @param oldest whether it is the oldest member (Hazelcast's master)
	 * @param revision the revision of the workload it runs, {@code null} when unknown
	 * @param zone the zone it runs in, {@code null} when unknown
	 * @param node the Kubernetes node it runs on, {@code null} when unknown
	 * @param partitionGroup what its partition group is named after ({@code zone},
	 * {@code node}, {@code member}, {@code none})
	 */
	record Member(@Nullable String name, @Nullable String address, boolean local, boolean oldest,
			@Nullable String revision, @Nullable String zone, @Nullable String node, @Nullable String partitionGroup) {
	}

}
