package dev.podcluster.discovery;

import java.net.InetAddress;

import dev.podcluster.autoconfigure.ClusterProperties;
import dev.podcluster.naming.NodeAddress;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * The starter's own seeds, from {@code cluster.discovery.*}: none of it when the
 * application brings its own {@link SeedProvider}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(SeedProvider.class)
final class SeedProviderConfiguration {

	@Bean(destroyMethod = "close")
	DnsClient clusterDnsClient(ClusterProperties properties) {
		ClusterProperties.Dns dns = properties.discovery().dns();
		return DnsClient.fromResolvConf(ClusterEnvironment.dnsServer(dns.server()), dns.timeout());
	}

	@Bean
	SeedProvider clusterSeedProvider(ClusterProperties properties, ClusterEnvironment cluster, DnsClient client,
			ResourceLoader resources) {
		int port = properties.hazelcast().port();
		return switch (cluster.discoveryMode()) {
			case DNS_SRV -> {
				ClusterProperties.Dns dns = properties.discovery().dns();
				SrvQuery query = cluster.srvQuery(dns.query(), dns.portName(), dns.protocol());
				// Seeds come in the family of the address this node binds.
				InetAddress own = NodeAddress.configured(properties.hazelcast().address(), cluster.pod());
				yield new DnsSrvSeedProvider(client, query, port, (own != null) ? AddressFamily.of(own) : null);
			}
			case KUBERNETES_API -> {
				ClusterProperties.KubernetesApi api = properties.discovery().kubernetesApi();
				InetAddress own = NodeAddress.configured(properties.hazelcast().address(), cluster.pod());
				yield KubernetesApiDiscovery.seedProvider(cluster.kubernetesApiService(), api.portName(), port,
						(own != null) ? AddressFamily.of(own) : null, api.timeout(), resources.getClassLoader());
			}
			case STATIC -> new StaticSeedProvider(
					ClusterEnvironment.staticMembers(properties.discovery().staticList().members(), port), client);
			case NONE -> SeedProvider.none();
			case AUTO -> throw new IllegalStateException("auto is resolved by ClusterEnvironment");
		};
	}

}
