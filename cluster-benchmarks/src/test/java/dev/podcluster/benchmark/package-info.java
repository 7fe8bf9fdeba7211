/**
 * Benchmarks, run only with {@code -Pbenchmark}: the starter against Hazelcast's own
 * Kubernetes discovery in emulated pods
 * ({@link dev.podcluster.benchmark.DiscoveryBenchmark}), and a JMH benchmark of one SRV
 * lookup ({@link dev.podcluster.benchmark.SrvLookupBenchmark}).
 */
@NullMarked
package dev.podcluster.benchmark;

import org.jspecify.annotations.NullMarked;
