package dev.podcluster.actuate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.podcluster.membership.ClusterMember;

/**
 * How many members run each workload revision: the endpoint shows it, the
 * {@code cluster.revisions} metric counts its keys.
 */
final class MemberRevisions {

	private MemberRevisions() {
	}

	/**
	 * Returns the members per revision, among the members that know theirs.
	 * @param members the members
	 * @return revision to number of members, sorted by revision
	 */
	static Map<String, Integer> count(List<ClusterMember> members) {
		Map<String, Integer> revisions = new TreeMap<>();
		for (ClusterMember member : members) {
			String revision = member.revision();
			if (revision != null) {
				revisions.merge(revision, 1, Integer::sum);
			}
		}
		return revisions;
	}

}
