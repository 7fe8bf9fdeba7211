package dev.podcluster.membership;

/**
 * Split-brain protection as this member sees it.
 *
 * @param minimum the members a side needs, this one included, for its maps to take
 * operations
 * @param minimumPresent whether this member's side has them: when not, its protected maps
 * refuse reads and writes
 * @since 0.1.0
 */
public record SplitBrainProtectionStatus(int minimum, boolean minimumPresent) {

}
