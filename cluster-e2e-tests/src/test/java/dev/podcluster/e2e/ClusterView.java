package dev.podcluster.e2e;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.podcluster.testsupport.pod.HostCommand;
import dev.podcluster.testsupport.pod.Pod;
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
	 * Ask a pod for its view.
	 * @param pod the pod
	 * @return its answer at {@code /actuator/cluster}
	 * @throws IllegalStateException unless the answer is 2xx
	 */
	static ClusterView of(Pod pod) {
		return parse(SampleApp.json(pod, "/actuator/cluster"));
	}

	/**
	 * Ask a pod for its view from inside the pod, over its loopback, as
	 * {@code kubectl exec} would: it answers while the pod's link is cut.
	 * @param pod the pod
	 * @return its answer at {@code /actuator/cluster}
	 * @throws IllegalStateException unless the answer is 200
	 */
	static ClusterView fromInside(Pod pod) {
		// bash's /dev/tcp: no HTTP client needs to be installed; HTTP/1.0, so the server
		// closes after the answer.
		HostCommand.Result result = pod.exec("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + SampleApp.HTTP_PORT
				+ " && printf 'GET /actuator/cluster HTTP/1.0\\r\\nHost: localhost\\r\\nAccept: application/json\\r\\n\\r\\n' >&3"
				+ " && cat <&3");
		String answer = result.output();
		int body = answer.indexOf("\r\n\r\n");
		if (result.status() != 0 || body < 0
				|| !answer.startsWith("HTTP/1.1 200") && !answer.startsWith("HTTP/1.0 200")) {
			throw new IllegalStateException("GET /actuator/cluster inside " + pod + " answered (status "
					+ result.status() + "): " + answer.strip());
		}
		return parse(SampleApp.JSON.readTree(answer.substring(body + 4)));
	}

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
					member.path("local").asBoolean(false), member.path("oldest").asBoolean(false)))
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
	 */
	record Member(@Nullable String name, @Nullable String address, boolean local, boolean oldest) {
	}

}
