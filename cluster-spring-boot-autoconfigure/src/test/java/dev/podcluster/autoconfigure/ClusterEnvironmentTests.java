package dev.podcluster.autoconfigure;

import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.discovery.DiscoveryMode;
import dev.podcluster.naming.PodEnvironment;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ClusterEnvironmentTests {

	@Test
	void onKubernetesTheServiceLivesInThePodsNamespaceAndDomain() {
		ClusterEnvironment cluster = ClusterEnvironment.of(properties("cluster.kubernetes.service-name=Orders"),
				pod("shop", "example.internal", true));
		assertThat(cluster.discoveryMode()).isEqualTo(DiscoveryMode.DNS_SRV);
		assertThat(cluster.service().fqdn()).isEqualTo("orders.shop.svc.example.internal");
	}

	@Test
	void configuredNamespaceAndDomainWinOverThePods() {
		ClusterEnvironment cluster = ClusterEnvironment.of(properties("cluster.kubernetes.service-name=orders",
				"cluster.kubernetes.namespace=billing", "cluster.kubernetes.cluster-domain=corp.example."),
				pod("shop", "example.internal", true));
		assertThat(cluster.service().fqdn()).isEqualTo("orders.billing.svc.corp.example");
	}

	@Test
	void offKubernetesTheDefaultsAreDefaultAndClusterLocal() {
		ClusterEnvironment cluster = ClusterEnvironment.of(properties("cluster.kubernetes.service-name=orders"),
				pod(null, null, false));
		assertThat(cluster.discoveryMode()).isEqualTo(DiscoveryMode.STATIC);
		assertThat(cluster.service().fqdn()).isEqualTo("orders.default.svc.cluster.local");
	}

	@Test
	void srvQueryIsTheServicesNamedPortWithTheBareNameAsFallback() {
		ClusterProperties properties = properties("cluster.kubernetes.service-name=orders");
		ClusterEnvironment cluster = ClusterEnvironment.of(properties, pod("shop", "cluster.local", true));
		var query = cluster.srvQuery(properties.discovery().dns());
		assertThat(query.name()).hasToString("_hazelcast._tcp.orders.shop.svc.cluster.local.");
		assertThat(query.fallback()).hasToString("orders.shop.svc.cluster.local.");
	}

	@Test
	void srvQueryWithoutServiceOrQuerySaysWhyDnsSrvWasChosen() {
		ClusterProperties properties = properties();
		ClusterEnvironment cluster = ClusterEnvironment.of(properties, pod("shop", "cluster.local", true));
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> cluster.srvQuery(properties.discovery().dns()))
			.withMessageContaining("chosen because this runs on Kubernetes")
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cluster.kubernetes.service-name"));
	}

	private static PodEnvironment pod(@Nullable String namespace, @Nullable String clusterDomain,
			boolean onKubernetes) {
		return new PodEnvironment("app-0", null, null, null, namespace, clusterDomain, onKubernetes);
	}

	private static ClusterProperties properties(String... pairs) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		for (String pair : pairs) {
			source.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
		}
		return new Binder(source).bindOrCreate("cluster", ClusterProperties.class);
	}

}
