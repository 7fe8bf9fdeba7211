/**
 * An embedded Hazelcast cluster for Spring Boot on Kubernetes, found through DNS SRV
 * records.
 * <p>
 * The data flows through one package per stage:
 * <ol>
 * <li>Pod facts: {@code dev.podcluster.naming} ({@code PodEnvironment},
 * {@code ServiceLocation}) reads the pod's hostname, namespace and addresses.</li>
 * <li>Name: {@code dev.podcluster.naming} ({@code NodeIdentityResolver}) turns them into
 * this node's {@code NodeIdentity}.</li>
 * <li>Discovery query: {@code dev.podcluster.discovery} ({@code ClusterEnvironment},
 * {@code SrvQuery}) picks the discovery mode and the SRV name to look up.</li>
 * <li>Seeds: {@code dev.podcluster.discovery} ({@code SeedProvider},
 * {@code DnsSrvSeedProvider}, {@code SeedTracker}) looks them up and tracks them.</li>
 * <li>Hazelcast join: {@code dev.podcluster.hazelcast} ({@code ClusterConfigurer},
 * {@code ClusterDiscoveryStrategy}) configures the member and hands it the seeds.</li>
 * <li>Membership view: {@code dev.podcluster.membership} ({@code ClusterView}) follows
 * the members Hazelcast reports.</li>
 * <li>Endpoint, health, metrics, events: {@code dev.podcluster.actuate}
 * ({@code ClusterEndpoint}, {@code ClusterHealthIndicator}, {@code ClusterMetrics}) and
 * {@code dev.podcluster.event} ({@code MemberJoinedEvent} and the others).</li>
 * </ol>
 * {@code dev.podcluster.autoconfigure} holds the properties and the public
 * auto-configurations; each stage's wiring lives, package-private, next to what it wires.
 */
@NullMarked
package dev.podcluster;

import org.jspecify.annotations.NullMarked;
