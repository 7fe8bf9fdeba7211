package dev.podcluster.hazelcast;

import com.hazelcast.config.PartitionGroupConfig.MemberGroupType;
import com.hazelcast.spi.partitiongroup.PartitionGroupMetaData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MemberPlacementTests {

	@Test
	void autoGroupsByZoneWhenTheZoneIsKnown() {
		MemberPlacement placement = new MemberPlacement(PartitionGrouping.AUTO, "zone-a", "node-1", "app-0");
		assertThat(placement.groupedBy()).isEqualTo("zone");
		assertThat(placement.groupType()).isEqualTo(MemberGroupType.ZONE_AWARE);
		assertThat(placement.partitionGroupMetadata())
			.containsEntry(PartitionGroupMetaData.PARTITION_GROUP_ZONE, "zone-a")
			.containsEntry(PartitionGroupMetaData.PARTITION_GROUP_NODE, "node-1");
		assertThat(placement.shortfall()).isNull();
	}

	@Test
	void autoWithoutAZoneGroupsByNodeUnderTheSameGroupType() {
		MemberPlacement placement = new MemberPlacement(PartitionGrouping.AUTO, "", "node-1", "app-0");
		assertThat(placement.zone()).isNull();
		assertThat(placement.groupedBy()).isEqualTo("node");
		assertThat(placement.groupType()).isEqualTo(MemberGroupType.ZONE_AWARE);
		assertThat(placement.partitionGroupMetadata()).containsEntry(PartitionGroupMetaData.PARTITION_GROUP_ZONE,
				"node/node-1");
		assertThat(placement.shortfall()).isNull();
	}

	@Test
	void autoKnowingNothingIsAGroupOfItsOwn() {
		MemberPlacement placement = new MemberPlacement(PartitionGrouping.AUTO, null, " ", "app-0");
		assertThat(placement.groupedBy()).isEqualTo("member");
		assertThat(placement.groupType()).isEqualTo(MemberGroupType.ZONE_AWARE);
		assertThat(placement.partitionGroupMetadata())
			.containsEntry(PartitionGroupMetaData.PARTITION_GROUP_ZONE, "member/app-0")
			.containsEntry(PartitionGroupMetaData.PARTITION_GROUP_NODE, "member/app-0");
		assertThat(placement.attributes()).containsOnlyKeys(MemberAttributes.PARTITION_GROUP)
			.containsEntry(MemberAttributes.PARTITION_GROUP, "member");
	}

	@Test
	void zoneWithoutAZoneStillJoinsAndSaysWhatToSet() {
		MemberPlacement placement = new MemberPlacement(PartitionGrouping.ZONE, null, "node-1", "app-0");
		assertThat(placement.groupType()).isEqualTo(MemberGroupType.ZONE_AWARE);
		assertThat(placement.partitionGroupMetadata()).containsEntry(PartitionGroupMetaData.PARTITION_GROUP_ZONE,
				"node/node-1");
		assertThat(placement.shortfall()).contains("cluster.hazelcast.partition-group is zone")
			.contains("its node node-1")
			.contains("topology.kubernetes.io/zone")
			.contains("cluster.zone");
	}

	@Test
	void nodeGroupsByNodeAndIgnoresTheZone() {
		MemberPlacement placement = new MemberPlacement(PartitionGrouping.NODE, "zone-a", "node-1", "app-0");
		assertThat(placement.groupedBy()).isEqualTo("node");
		assertThat(placement.groupType()).isEqualTo(MemberGroupType.NODE_AWARE);
		assertThat(placement.partitionGroupMetadata()).containsEntry(PartitionGroupMetaData.PARTITION_GROUP_NODE,
				"node-1");
		assertThat(new MemberPlacement(PartitionGrouping.NODE, "zone-a", null, "app-0").shortfall())
			.contains("spec.nodeName")
			.contains("cluster.node");
	}

	@Test
	void noneLeavesHazelcastAloneButStillShowsWhereTheMemberRuns() {
		MemberPlacement placement = new MemberPlacement(PartitionGrouping.NONE, "zone-a", "node-1", "app-0");
		assertThat(placement.groupType()).isNull();
		assertThat(placement.partitionGroupMetadata()).isEmpty();
		assertThat(placement.attributes()).containsEntry(MemberAttributes.ZONE, "zone-a")
			.containsEntry(MemberAttributes.NODE, "node-1")
			.containsEntry(MemberAttributes.PARTITION_GROUP, "none");
	}

}
