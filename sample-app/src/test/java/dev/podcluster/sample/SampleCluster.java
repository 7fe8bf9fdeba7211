package dev.podcluster.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances of the sample application in this JVM, on loopback, forming one
 * cluster through a static member list: started one after the other, so {@code node-1} is
 * the oldest member.
 */
final class SampleCluster implements BeforeAllCallback, AfterAllCallback {

	private final int size;

	private final List<String> arguments;

	private final List<SampleMember> members = new ArrayList<>();

	/**
	 * A cluster of members started with the same extra arguments.
	 * @param size how many members
	 * @param arguments command-line arguments for every member, e.g.
	 * {@code --sample.limits.stream-subscribers=2}
	 */
	SampleCluster(int size, String... arguments) {
		this.size = size;
		this.arguments = List.of(arguments);
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		// A name of its own: never joins another test's cluster, or a developer's running
		// sample.
		String clusterName = "sample-" + UUID.randomUUID();
		List<Integer> ports = FreePorts.loopback(this.size);
		String staticMembers = ports.stream().map((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
		for (int i = 0; i < this.size; i++) {
			this.members
				.add(SampleMember.start("node-" + (i + 1), clusterName, staticMembers, ports.get(i), this.arguments));
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> this.members
				.forEach((member) -> assertThat(member.memberNames()).as(member.name()).hasSize(this.size)));
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.members.forEach(SampleMember::close);
	}

	/**
	 * Returns a member.
	 * @param number the member's number: 1 is {@code node-1}, the oldest
	 * @return the member
	 */
	SampleMember member(int number) {
		return this.members.get(number - 1);
	}

	List<SampleMember> members() {
		return List.copyOf(this.members);
	}

	List<SampleMember> running() {
		return this.members.stream().filter(SampleMember::isRunning).toList();
	}

}
