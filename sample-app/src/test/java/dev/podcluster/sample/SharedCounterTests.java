package dev.podcluster.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster-wide counter: increments made on different members add up, and every member
 * reads the sum.
 */
class SharedCounterTests {

	@RegisterExtension
	static final SampleCluster cluster = new SampleCluster(2);

	@Test
	void incrementsOnTwoMembersAddUp() {
		long before = cluster.member(1).get("counter").get("value").asLong();
		for (int i = 0; i < 3; i++) {
			cluster.member(1).post("counter");
		}
		for (int i = 0; i < 4; i++) {
			cluster.member(2).post("counter");
		}
		for (SampleMember member : cluster.members()) {
			assertThat(member.get("counter").get("value").asLong()).as(member.name()).isEqualTo(before + 7);
		}
	}

}
