/**
 * Hazelcast wiring: the discovery SPI and the member configuration.
 */
@NullMarked
package dev.podcluster.hazelcast;

import org.jspecify.annotations.NullMarked;
