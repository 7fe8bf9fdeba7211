package dev.podcluster.discovery;

import java.util.List;

import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.naming.PodEnvironment;
import dev.podcluster.naming.ServiceLocation;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClusterEnvironmentTests {

	private static final List<String> DEFAULT_MEMBERS = List.of("127.0.0.1:5701-5703");

	@Test
	void onKubernetesTheServiceLivesInThePodsNamespaceAndDomain() {
		PodEnvironment pod = pod("shop", "example.internal", true);
		ClusterEnvironment cluster = ClusterEnvironment.of(DiscoveryMode.AUTO, DEFAULT_MEMBERS,
				ServiceLocation.of("Orders", null, null, pod), pod);
		assertThat(cluster.discoveryMode()).isEqualTo(DiscoveryMode.DNS_SRV);
		assertThat(cluster.service().fqdn()).isEqualTo("orders.shop.svc.example.internal");
	}

	@Test
	void configuredNamespaceAndDomainWinOverThePods() {
		PodEnvironment pod = pod("shop", "example.internal", true);
		ClusterEnvironment cluster = ClusterEnvironment.of(DiscoveryMode.AUTO, DEFAULT_MEMBERS,
				ServiceLocation.of("orders", "billing", "corp.example.", pod), pod);
		assertThat(cluster.service().fqdn()).isEqualTo("orders.billing.svc.corp.example");
	}

	@Test
	void offKubernetesTheDefaultsAreDefaultAndClusterLocal() {
		PodEnvironment pod = pod(null, null, false);
		ClusterEnvironment cluster = ClusterEnvironment.of(DiscoveryMode.AUTO, DEFAULT_MEMBERS,
				ServiceLocation.of("orders", null, null, pod), pod);
		assertThat(cluster.discoveryMode()).isEqualTo(DiscoveryMode.STATIC);
		assertThat(cluster.service().fqdn()).isEqualTo("orders.default.svc.cluster.local");
	}

	@Test
	void srvQueryIsTheServicesNamedPortWithTheBareNameAsFallback() {
		PodEnvironment pod = pod("shop", "cluster.local", true);
		ClusterEnvironment cluster = ClusterEnvironment.of(DiscoveryMode.AUTO, DEFAULT_MEMBERS,
				ServiceLocation.of("orders", null, null, pod), pod);
		SrvQuery query = cluster.srvQuery(null, "hazelcast", "tcp");
		assertThat(query.name()).hasToString("_hazelcast._tcp.orders.shop.svc.cluster.local.");
		assertThat(query.fallback()).hasToString("orders.shop.svc.cluster.local.");
	}

	@Test
	void srvQueryWithoutServiceOrQuerySaysWhyDnsSrvWasChosen() {
		PodEnvironment pod = pod("shop", "cluster.local", true);
		ClusterEnvironment cluster = ClusterEnvironment.of(DiscoveryMode.AUTO, DEFAULT_MEMBERS,
				ServiceLocation.of(null, null, null, pod), pod);
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> cluster.srvQuery(null, "hazelcast", "tcp"))
			.withMessageContaining("chosen because this runs on Kubernetes")
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cluster.kubernetes.service-name"));
	}

	private static PodEnvironment pod(@Nullable String namespace, @Nullable String clusterDomain,
			boolean onKubernetes) {
		return new PodEnvironment("app-0", null, null, null, namespace, clusterDomain, onKubernetes);
	}

}
