package dev.podcluster.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.discovery.DiscoveryMode;
import dev.podcluster.discovery.DnsClient;
import dev.podcluster.discovery.DnsSrvSeedProvider;
import dev.podcluster.discovery.SeedProvider;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.discovery.StaticMember;
import dev.podcluster.discovery.StaticSeedProvider;
import dev.podcluster.hazelcast.ClusterConfigurer;
import dev.podcluster.naming.NodeIdentity;
import dev.podcluster.naming.NodeIdentityResolver;
import dev.podcluster.naming.PodEnvironment;
import dev.podcluster.naming.ServiceLocation;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.TextParseException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * This node's identity, its seeds, and the configurer that turns both into Hazelcast configuration.
 */
@Configuration(proxyBeanMethods = false)
class ClusterNodeConfiguration {

	@Bean
	ClusterEnvironment clusterEnvironment(ClusterProperties properties, Environment environment) {
		List<String> searchPath = ResolverConfig.getCurrentConfig()
			.searchPath()
			.stream()
			.map((name) -> name.toString(true))
			.toList();
		return ClusterEnvironment.of(properties, environment, searchPath);
	}

	@Bean(destroyMethod = "close")
	DnsClient clusterDnsClient(ClusterProperties properties) {
		ClusterProperties.Dns dns = properties.discovery().dns();
		InetSocketAddress server = null;
		if (StringUtils.hasText(dns.server())) {
			StaticMember parsed = StaticMember.parse(dns.server(), 53, "cluster.discovery.dns.server");
			server = new InetSocketAddress(parsed.host(), parsed.firstPort());
			if (server.isUnresolved() || parsed.firstPort() != parsed.lastPort()) {
				throw new InvalidClusterConfigurationException("cluster.discovery.dns.server",
						"'" + dns.server() + "' is not a DNS server address",
						"Set cluster.discovery.dns.server to host[:port], e.g. 10.96.0.10:53, or remove it to use /etc/resolv.conf.");
			}
		}
		return DnsClient.fromResolvConf(server, dns.timeout());
	}

	@Bean
	SeedProvider clusterSeedProvider(ClusterProperties properties, ClusterEnvironment cluster, DnsClient dns) {
		int port = properties.hazelcast().port();
		return switch (cluster.discoveryMode()) {
			case DNS_SRV -> new DnsSrvSeedProvider(dns, srvQuery(properties.discovery().dns(), cluster.service()), port,
					bareServiceName(properties.discovery().dns(), cluster.service()));
			case STATIC -> new StaticSeedProvider(staticMembers(properties, port), dns);
			case NONE -> SeedProvider.none();
			case AUTO -> throw new IllegalStateException("auto is resolved by ClusterEnvironment");
		};
	}

	@Bean
	NodeIdentity clusterNodeIdentity(ClusterProperties properties, ClusterEnvironment cluster, SeedProvider seeds) {
		PodEnvironment pod = PodEnvironment.detect(cluster.podIp(), cluster.hostname());
		boolean loopbackCluster = seeds instanceof StaticSeedProvider staticSeeds && staticSeeds.isLoopbackOnly();
		return new NodeIdentityResolver(pod).resolve(properties.naming().mode(), properties.naming().name(),
				cluster.service(), properties.hazelcast().address(), loopbackCluster, properties.hazelcast().port());
	}

	@Bean(destroyMethod = "close")
	SeedTracker clusterSeedTracker(ClusterProperties properties, SeedProvider provider) {
		ClusterProperties.Discovery discovery = properties.discovery();
		SeedTracker tracker = new SeedTracker(provider, discovery.dns().minInterval(), discovery.dns().interval(),
				discovery.missesBeforeRemoval(), Clock.systemUTC());
		tracker.start(properties.expectedMembers(), discovery.joinWait());
		return tracker;
	}

	@Bean
	ClusterConfigurer clusterConfigurer(ClusterProperties properties, NodeIdentity identity, SeedTracker seeds) {
		return new ClusterConfigurer(properties.clusterName(), identity, seeds, properties.hazelcastProperties());
	}

	private static Name srvQuery(ClusterProperties.Dns dns, @Nullable ServiceLocation service) {
		if (StringUtils.hasText(dns.query()) || service == null) {
			return absoluteName(String.valueOf(dns.query()).trim(), "cluster.discovery.dns.query");
		}
		String port = StringUtils.hasText(dns.portName()) ? "_" + dns.portName() + "._" + dns.protocol() + "." : "";
		return absoluteName(port + service.fqdn(), "cluster.kubernetes.service-name");
	}

	private static Name absoluteName(String name, String property) {
		try {
			return Name.fromString(name.endsWith(".") ? name : name + ".");
		}
		catch (TextParseException ex) {
			throw new InvalidClusterConfigurationException(property,
					"'" + name + "' is not a valid DNS name (" + ex.getMessage() + ")",
					"Use a DNS name such as _hazelcast._tcp.my-app.default.svc.cluster.local.");
		}
	}

	/** The named port's fallback: only when the query is built from the Service and a port name is set. */
	private static @Nullable Name bareServiceName(ClusterProperties.Dns dns, @Nullable ServiceLocation service) {
		if (StringUtils.hasText(dns.query()) || service == null || !StringUtils.hasText(dns.portName())) {
			return null;
		}
		return absoluteName(service.fqdn(), "cluster.kubernetes.service-name");
	}

	private static List<StaticMember> staticMembers(ClusterProperties properties, int port) {
		List<String> entries = properties.discovery().staticList().members();
		if (entries.isEmpty()) {
			throw new InvalidClusterConfigurationException("cluster.discovery.static.members",
					"static discovery needs members, and the list is empty",
					"List the members in cluster.discovery.static.members, or set cluster.discovery.mode to none for a single member.");
		}
		List<StaticMember> members = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			members.add(StaticMember.parse(entries.get(i), port, "cluster.discovery.static.members[" + i + "]"));
		}
		return members;
	}

}
