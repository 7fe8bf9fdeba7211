/**
 * Spring application events for cluster membership, so an application reacts with
 * {@code @EventListener} and no Hazelcast API.
 */
@NullMarked
package dev.podcluster.event;

import org.jspecify.annotations.NullMarked;
