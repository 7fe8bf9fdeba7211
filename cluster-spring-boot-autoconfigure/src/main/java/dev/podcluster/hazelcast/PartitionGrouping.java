package dev.podcluster.hazelcast;

import java.util.Locale;

/**
 * Where Hazelcast keeps a partition's backups: away from its primary's zone, node, or
 * only its member.
 *
 * @since 0.1.0
 */
public enum PartitionGrouping {

	/**
	 * By zone when this member knows its zone, else by node when it knows its node, else
	 * by member: the same Hazelcast group type as {@link #ZONE}, so members that know
	 * different things still join one cluster.
	 */
	AUTO,

	/** Backups in another zone than their primary (Hazelcast's ZONE_AWARE). */
	ZONE,

	/** Backups on another node than their primary (Hazelcast's NODE_AWARE). */
	NODE,

	/** Hazelcast's default: backups on another member, wherever it runs. */
	NONE;

	/**
	 * Returns the name as written in configuration, e.g. {@code zone}.
	 * @return the configuration form
	 */
	public String configValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
