/**
 * The cluster as this member sees it: members with their node names, and observers of
 * membership changes.
 */
@NullMarked
package dev.podcluster.membership;

import org.jspecify.annotations.NullMarked;
