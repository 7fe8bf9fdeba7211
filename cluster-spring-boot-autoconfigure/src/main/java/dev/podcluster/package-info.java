/**
 * An embedded Hazelcast cluster for Spring Boot on Kubernetes, found through DNS SRV
 * records.
 */
@NullMarked
package dev.podcluster;

import org.jspecify.annotations.NullMarked;
