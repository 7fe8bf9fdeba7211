package dev.podcluster.actuate;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.podcluster.hazelcast.MemberAttributes;
import dev.podcluster.membership.ClusterMember;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ZoneSpreadTests {

	@Test
	void membersInTwoZonesNeedNoWarning() {
		ZoneSpread spread = ZoneSpread.of(List.of(member("a-0", true, "zone", "zone-a"),
				member("a-1", false, "zone", "zone-a"), member("b-0", false, "zone", "zone-b")));
		assertThat(spread).isNotNull();
		assertThat(spread.zones()).containsExactly(Map.entry("zone-a", 2), Map.entry("zone-b", 1));
		assertThat(spread.warning()).isNull();
	}

	@Test
	void allMembersInOneZoneAreReported() {
		ZoneSpread spread = ZoneSpread
			.of(List.of(member("a-0", true, "zone", "zone-a"), member("a-1", false, "zone", "zone-a")));
		assertThat(spread).isNotNull();
		assertThat(spread.warning()).contains("all 2 members are in zone zone-a").contains("topologySpreadConstraints");
	}

	@Test
	void aMemberWithoutZoneIsNamed() {
		ZoneSpread spread = ZoneSpread.of(List.of(member("a-0", true, "zone", "zone-a"),
				member("b-0", false, "zone", "zone-b"), member("x-0", false, "node", null)));
		assertThat(spread).isNotNull();
		assertThat(spread.withoutZone()).containsExactly("x-0");
		assertThat(spread.warning()).contains("members without a zone (x-0)").contains("CLUSTER_ZONE");
	}

	@Test
	void nothingWhenThisMemberDoesNotGroupByZone() {
		assertThat(ZoneSpread.of(List.of(member("a-0", true, "node", null), member("a-1", false, "node", null))))
			.isNull();
		assertThat(ZoneSpread.of(List.of(member("a-0", true, "none", "zone-a")))).isNull();
	}

	@Test
	void aSingleMemberInItsZoneIsFine() {
		ZoneSpread spread = ZoneSpread.of(List.of(member("a-0", true, "zone", "zone-a")));
		assertThat(spread).isNotNull();
		assertThat(spread.warning()).isNull();
	}

	private static ClusterMember member(String name, boolean local, String grouping, @Nullable String zone) {
		Map<String, String> attributes = new HashMap<>();
		attributes.put(MemberAttributes.NODE_NAME, name);
		attributes.put(MemberAttributes.PARTITION_GROUP, grouping);
		if (zone != null) {
			attributes.put(MemberAttributes.ZONE, zone);
		}
		return new ClusterMember(name, "10.244.0.1:5701", UUID.randomUUID(), local, local, Instant.EPOCH, attributes);
	}

}
