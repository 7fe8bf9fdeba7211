/**
 * Benchmarks, run only with {@code -Pbenchmark}: the starter against Hazelcast's own
 * Kubernetes discovery in emulated pods
 * ({@link dev.podcluster.benchmark.DiscoveryBenchmark}), and a JMH benchmark of one SRV
 * lookup ({@link dev.podcluster.benchmark.SrvLookupBenchmark}) against BIND 9 and, alone,
 * against a kube-bed's CoreDNS ({@link dev.podcluster.benchmark.CoreDnsSrvBenchmark}).
 */
@NullMarked
package dev.podcluster.benchmark;

import org.jspecify.annotations.NullMarked;
