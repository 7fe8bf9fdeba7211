package dev.podcluster.autoconfigure;

import java.util.List;

import dev.podcluster.discovery.DiscoveryMode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterEnvironmentTests {

	private static final List<String> POD_SEARCH_PATH = List.of("shop.svc.example.internal", "svc.example.internal",
			"example.internal");

	@Test
	void namespaceAndClusterDomainComeFromTheResolvConfSearchList() {
		ClusterEnvironment cluster = ClusterEnvironment.of(properties("cluster.kubernetes.service-name=orders"),
				new MockEnvironment().withProperty("KUBERNETES_SERVICE_HOST", "10.96.0.1"), POD_SEARCH_PATH);
		assertThat(cluster.discoveryMode()).isEqualTo(DiscoveryMode.DNS_SRV);
		assertThat(cluster.service().fqdn()).isEqualTo("orders.shop.svc.example.internal");
	}

	@Test
	void downwardApiNamespaceWinsOverTheSearchList() {
		ClusterEnvironment cluster = ClusterEnvironment.of(properties("cluster.kubernetes.service-name=orders"),
				new MockEnvironment().withProperty("NAMESPACE", "billing"), POD_SEARCH_PATH);
		assertThat(cluster.service().namespace()).isEqualTo("billing");
	}

	@Test
	void offKubernetesTheDefaultsAreDefaultAndClusterLocal() {
		ClusterEnvironment cluster = ClusterEnvironment.of(properties("cluster.kubernetes.service-name=orders"),
				new MockEnvironment(), List.of("example.org"));
		assertThat(cluster.discoveryMode()).isEqualTo(DiscoveryMode.STATIC);
		assertThat(cluster.service().fqdn()).isEqualTo("orders.default.svc.cluster.local");
	}

	private static ClusterProperties properties(String... pairs) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		for (String pair : pairs) {
			source.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
		}
		return new Binder(source).bindOrCreate("cluster", ClusterProperties.class);
	}

}
