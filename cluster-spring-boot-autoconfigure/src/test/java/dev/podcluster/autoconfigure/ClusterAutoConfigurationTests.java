package dev.podcluster.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.logging.Logger;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.discovery.DiscoveryMode;
import dev.podcluster.discovery.Seed;
import dev.podcluster.discovery.SeedAnswer;
import dev.podcluster.discovery.SeedProvider;
import dev.podcluster.discovery.SeedTracker;
import dev.podcluster.hazelcast.ClusterConfigurer;
import dev.podcluster.hazelcast.MemberAttributes;
import dev.podcluster.naming.NamingMode;
import dev.podcluster.naming.NodeIdentity;
import dev.podcluster.testsupport.dns.BindServer;
import dev.podcluster.testsupport.dns.HeadlessService;
import dev.podcluster.testsupport.dns.KubernetesDns;
import dev.podcluster.testsupport.dns.ServicePort;
import dev.podcluster.testsupport.net.MemberPort;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.lookup.LookupSession;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class, HazelcastAutoConfiguration.class))
		.withPropertyValues("cluster.discovery.mode=none", "cluster.naming.name=test-node",
				"cluster.hazelcast.address=127.0.0.1", "cluster.hazelcast.port=5901");

	/**
	 * The starter without Boot's Hazelcast auto-configuration: everything up to the
	 * {@code Config}, no member.
	 */
	private final ApplicationContextRunner configRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
		.withPropertyValues("cluster.naming.name=test-node", "cluster.hazelcast.address=127.0.0.1");

	@Test
	void defaultsDiscoverMembersOnThisMachine() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ClusterAutoConfiguration.class))
			.withPropertyValues("cluster.hazelcast.port=5911")
			.run((context) -> {
				ClusterProperties properties = context.getBean(ClusterProperties.class);
				assertThat(properties.clusterName()).isEqualTo("cluster");
				assertThat(properties.discovery().mode()).isEqualTo(DiscoveryMode.AUTO);
				assertThat(properties.discovery().staticList().members()).containsExactly("127.0.0.1:5701-5703");
				assertThat(properties.discovery().dns().portName()).isEqualTo("hazelcast");
				assertThat(properties.discovery().interval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.discovery().minInterval()).isEqualTo(Duration.ofSeconds(1));
				assertThat(properties.naming().mode()).isEqualTo(NamingMode.AUTO);
				SeedTracker seeds = context.getBean(SeedTracker.class);
				assertThat(seeds.snapshot().mode()).isEqualTo("static");
				NodeIdentity identity = context.getBean(NodeIdentity.class);
				assertThat(identity.address().isLoopbackAddress()).isTrue();
				assertThat(identity.mode()).isEqualTo(NamingMode.HOST);
			});
	}

	@Test
	void configEnablesDiscoverySpiAndOnlyIt() {
		this.contextRunner.run((context) -> {
			Config config = context.getBean(Config.class);
			assertThat(config.getProperty("hazelcast.discovery.enabled")).isEqualTo("true");
			assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
			assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
			assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("127.0.0.1");
			var join = config.getNetworkConfig().getJoin();
			assertThat(join.getMulticastConfig().isEnabled()).isFalse();
			assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
			assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
			assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
			assertThat(join.getDiscoveryConfig().getDiscoveryStrategyConfigs()).singleElement()
				.extracting((strategy) -> strategy.getDiscoveryStrategyFactory().getClass().getName())
				.isEqualTo("dev.podcluster.hazelcast.ClusterDiscoveryStrategyFactory");
		});
	}

	@Test
	void memberCarriesItsNameAndNamingMode() {
		this.contextRunner.withPropertyValues("cluster.cluster-name=orders").run((context) -> {
			HazelcastInstance hazelcast = context.getBean(HazelcastInstance.class);
			assertThat(hazelcast.getConfig().getClusterName()).isEqualTo("orders");
			var local = hazelcast.getCluster().getLocalMember();
			assertThat(local.getAttribute(MemberAttributes.NODE_NAME)).isEqualTo("test-node");
			assertThat(local.getAttribute(MemberAttributes.NAMING_MODE)).isEqualTo("explicit");
			assertThat(local.getAddress().getHost()).isEqualTo("127.0.0.1");
		});
	}

	@Test
	void failureDetectionAndSplitBrainChecksAreSetInSeconds() {
		this.contextRunner
			.withPropertyValues("cluster.hazelcast.heartbeat-interval=3s", "cluster.hazelcast.heartbeat-timeout=12s",
					"cluster.hazelcast.split-brain-check-interval=7s", "cluster.hazelcast.shutdown-timeout=25s")
			.run((context) -> {
				Config config = context.getBean(Config.class);
				assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("3");
				assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("12");
				assertThat(config.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("14");
				assertThat(config.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("7");
				assertThat(config.getProperty("hazelcast.graceful.shutdown.max.wait")).isEqualTo("25");
			});
	}

	@Test
	void heartbeatTimeoutShorterThanTwoHeartbeatsIsRejected() {
		this.contextRunner
			.withPropertyValues("cluster.hazelcast.heartbeat-interval=5s", "cluster.hazelcast.heartbeat-timeout=6s")
			.run((context) -> assertThat(analysis(context).getAction())
				.contains("at least twice cluster.hazelcast.heartbeat-interval"));
	}

	@Test
	void fractionOfASecondForHazelcastIsRejected() {
		this.contextRunner.withPropertyValues("cluster.hazelcast.heartbeat-interval=1500ms")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("cluster.hazelcast.heartbeat-interval")
				.contains("whole seconds"));
	}

	@Test
	void hazelcastPropertiesOverrideTheStartersDefaults() {
		this.contextRunner.withPropertyValues("cluster.hazelcast.properties[hazelcast.max.no.heartbeat.seconds]=42")
			.run((context) -> assertThat(
					context.getBean(Config.class).getProperty("hazelcast.max.no.heartbeat.seconds"))
				.isEqualTo("42"));
	}

	@Test
	void userCustomizersAreApplied() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> assertThat(context.getBean(Config.class).getMapConfig("orders").getBackupCount())
				.isEqualTo(2));
	}

	@Test
	void backsOffWhenTheUserDefinesAConfigAndOffersTheConfigurer() {
		this.contextRunner.withUserConfiguration(UserConfigConfiguration.class).run((context) -> {
			Config config = context.getBean(Config.class);
			assertThat(config.getInstanceName()).isEqualTo("users-own");
			assertThat(config.getNetworkConfig().getJoin().getDiscoveryConfig().getDiscoveryStrategyConfigs())
				.hasSize(1);
		});
	}

	@Test
	void applicationsHazelcastFileIsTheBaseAndDiscoveryIsAppliedOverIt() {
		this.contextRunner.withPropertyValues("spring.hazelcast.config=classpath:hazelcast/users-own.yaml")
			.run((context) -> {
				Config config = context.getBean(Config.class);
				assertThat(config.getMapConfig("orders").getBackupCount()).isEqualTo(2);
				var join = config.getNetworkConfig().getJoin();
				assertThat(join.getMulticastConfig().isEnabled()).isFalse();
				assertThat(join.getDiscoveryConfig().getDiscoveryStrategyConfigs()).hasSize(1);
			});
	}

	@Test
	void missingHazelcastFileFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("spring.hazelcast.config=classpath:hazelcast/missing.yaml")
			.run((context) -> assertThat(analysis(context).getDescription()).contains("spring.hazelcast.config")
				.contains("missing.yaml"));
	}

	@Test
	void disabledLeavesHazelcastToBoot() {
		this.contextRunner.withPropertyValues("cluster.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterConfigurer.class)
				.doesNotHaveBean(SeedTracker.class));
	}

	@Test
	void staysOutWithoutHazelcast() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HazelcastInstance.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterConfigurer.class));
	}

	@Test
	void staysOutWithoutDnsjava() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(LookupSession.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClusterConfigurer.class));
	}

	@Test
	void onKubernetesWithoutServiceNameStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("cluster.discovery.mode=auto", "KUBERNETES_SERVICE_HOST=10.96.0.1")
			.run((context) -> assertThat(analysis(context).getDescription()).contains("cluster.kubernetes.service-name")
				.contains("chosen because this runs on Kubernetes"));
	}

	@Test
	void onKubernetesDiscoveryLooksUpTheServicesSrvRecords() {
		this.contextRunner
			.withPropertyValues("cluster.discovery.mode=auto", "KUBERNETES_SERVICE_HOST=10.96.0.1",
					"cluster.kubernetes.service-name=orders", "NAMESPACE=shop",
					"cluster.kubernetes.cluster-domain=cluster.local", "cluster.discovery.dns.server=127.0.0.1:9",
					"cluster.discovery.dns.timeout=100ms")
			.run((context) -> {
				SeedTracker seeds = context.getBean(SeedTracker.class);
				assertThat(seeds.snapshot().mode()).isEqualTo("dns-srv");
				assertThat(seeds.snapshot().query()).isEqualTo("_hazelcast._tcp.orders.shop.svc.cluster.local.");
				assertThat(seeds.snapshot().error()).contains("127.0.0.1:9");
			});
	}

	@Test
	void emptyPortNameLooksUpTheBareServiceName() {
		this.contextRunner
			.withPropertyValues("cluster.discovery.mode=dns-srv", "cluster.kubernetes.service-name=orders",
					"cluster.kubernetes.namespace=shop", "cluster.kubernetes.cluster-domain=example.internal.",
					"cluster.discovery.dns.port-name=", "cluster.discovery.dns.server=127.0.0.1:9",
					"cluster.discovery.dns.timeout=100ms")
			.run((context) -> assertThat(context.getBean(SeedTracker.class).snapshot().query())
				.isEqualTo("orders.shop.svc.example.internal."));
	}

	@Test
	void dualStackPodGetsSeedsInTheFamilyOfItsPodIp() {
		try (BindServer dns = BindServer.builder().start()) {
			HeadlessService service = new KubernetesDns(dns).headlessService("dual", "shop",
					List.of(new ServicePort("hazelcast", "tcp", 5701)));
			service.addDualStackEndpoint("dual-0", ip("10.244.11.10"), ip("fd00:10:244::b:10"));
			service.addDualStackEndpoint("dual-1", ip("10.244.11.11"), ip("fd00:10:244::b:11"));
			String[] properties = { "cluster.discovery.mode=dns-srv", "cluster.kubernetes.service-name=dual",
					"cluster.kubernetes.namespace=shop", "cluster.kubernetes.cluster-domain=cluster.local",
					"cluster.discovery.dns.server=127.0.0.1:" + dns.address().getPort(), "cluster.hazelcast.address=" };
			this.configRunner.withPropertyValues(properties)
				.withPropertyValues("POD_IP=fd00:10:244::b:10")
				.run((context) -> assertThat(context.getBean(SeedTracker.class).seeds()).extracting(Seed::toString)
					.containsExactlyInAnyOrder("[fd00:10:244:0:0:0:b:10]:5701", "[fd00:10:244:0:0:0:b:11]:5701"));
			this.configRunner.withPropertyValues(properties)
				.withPropertyValues("POD_IP=10.244.11.10")
				.run((context) -> assertThat(context.getBean(SeedTracker.class).seeds()).extracting(Seed::toString)
					.containsExactlyInAnyOrder("10.244.11.10:5701", "10.244.11.11:5701"));
		}
	}

	@Test
	void malformedStaticMemberFailsNamingTheEntry() {
		this.contextRunner
			.withPropertyValues("cluster.discovery.mode=static", "cluster.discovery.static.members=a:1,b:x")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("cluster.discovery.static.members[1]")
				.contains("'b:x'"));
	}

	@Test
	void negativeDurationFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("cluster.discovery.dns.timeout=-1s")
			.run((context) -> assertThat(analysis(context).getDescription()).contains("cluster.discovery.dns.timeout"));
	}

	@Test
	void podIpNamingWithoutPodIpSaysHowToSetIt() {
		this.contextRunner
			.withPropertyValues("cluster.naming.name=", "cluster.naming.mode=pod-ip",
					"cluster.kubernetes.service-name=orders")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context);
				assertThat(analysis.getDescription()).contains("POD_IP");
				assertThat(analysis.getAction()).contains("fieldPath: status.podIP");
			});
	}

	@Test
	void badDnsServerFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("cluster.discovery.dns.server=not a server")
			.run((context) -> assertThat(analysis(context).getDescription()).contains("cluster.discovery.dns.server"));
	}

	@Test
	void lookupIntervalsAreDiscoverySettingsForEveryMode() {
		this.contextRunner.withPropertyValues("cluster.discovery.min-interval=0s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("Property: cluster.discovery.min-interval"));
	}

	@Test
	void usersSeedProviderReplacesTheStartersDiscovery() throws IOException {
		// Two started members on loopback: a first join offers only members that listen.
		try (MemberPort first = MemberPort.started(0); MemberPort second = MemberPort.started(0)) {
			List<Seed> seeds = List.of(new Seed("orders", first.address()), new Seed("orders", second.address()));
			// On Kubernetes without a service name the starter's own DNS SRV discovery
			// would stop start-up.
			this.configRunner.withPropertyValues("KUBERNETES_SERVICE_HOST=10.96.0.1")
				.withBean("registrySeeds", SeedProvider.class, () -> new RegistrySeeds(seeds))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBeansOfType(SeedProvider.class)).containsOnlyKeys("registrySeeds");
					// The starter's DNS client is internal to its discovery package.
					assertThat(context)
						.doesNotHaveBean(ClassUtils.resolveClassName("dev.podcluster.discovery.DnsClient", null));
					assertThat(context.getBean(SeedTracker.class).snapshot().query()).isEqualTo("registry:orders");
					assertThat(context.getBean(SeedTracker.class).snapshot().mode()).isEqualTo("custom");
					assertThat(discoveredNodes(context.getBean(Config.class))).containsExactly(
							"127.0.0.1:" + first.address().getPort(), "127.0.0.1:" + second.address().getPort());
				});
		}
	}

	@Test
	void usersNodeIdentityIsTheOneHazelcastBindsAndAnnounces() {
		this.configRunner.withUserConfiguration(UserIdentityConfiguration.class).run((context) -> {
			Config config = context.getBean(Config.class);
			assertThat(config.getProperty("hazelcast.local.localAddress")).isEqualTo("127.0.0.2");
			assertThat(config.getMemberAttributeConfig().getAttribute(MemberAttributes.NODE_NAME))
				.isEqualTo("users-node");
		});
	}

	@Test
	void usersClusterConfigurerIsTheOneApplied() {
		this.configRunner.withUserConfiguration(UserConfigurerConfiguration.class).run((context) -> {
			assertThat(context.getBeansOfType(ClusterConfigurer.class)).containsOnlyKeys("usersConfigurer");
			Config config = context.getBean(Config.class);
			assertThat(config.getClusterName()).isEqualTo("users-cluster");
			// The starter's configurer, join included, is not applied as well.
			assertThat(config.getNetworkConfig().getJoin().getDiscoveryConfig().getDiscoveryStrategyConfigs())
				.isEmpty();
		});
	}

	private static InetAddress ip(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		assertThat(failure).hasRootCauseInstanceOf(InvalidClusterConfigurationException.class);
		FailureAnalysis analysis = new InvalidClusterConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	/** What Hazelcast's joiner would be handed, {@code ip:port}. */
	private static List<String> discoveredNodes(Config config) {
		DiscoveryStrategyConfig strategyConfig = config.getNetworkConfig()
			.getJoin()
			.getDiscoveryConfig()
			.getDiscoveryStrategyConfigs()
			.iterator()
			.next();
		DiscoveryStrategy strategy = strategyConfig.getDiscoveryStrategyFactory()
			.newDiscoveryStrategy(null, Logger.getLogger(ClusterAutoConfigurationTests.class), Map.of());
		List<String> nodes = new ArrayList<>();
		for (DiscoveryNode node : strategy.discoverNodes()) {
			nodes.add(node.getPrivateAddress().getHost() + ":" + node.getPrivateAddress().getPort());
		}
		return nodes;
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		HazelcastConfigCustomizer ordersBackups() {
			return (config) -> config.getMapConfig("orders").setBackupCount(2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConfigConfiguration {

		@Bean
		Config hazelcastConfig(ClusterConfigurer clusterConfigurer) {
			Config config = new Config();
			config.setInstanceName("users-own");
			clusterConfigurer.configure(config);
			return config;
		}

	}

	/** A user's own discovery: a registry that lists the members of "orders". */
	private record RegistrySeeds(List<Seed> seeds) implements SeedProvider {

		@Override
		public String query() {
			return "registry:orders";
		}

		@Override
		public SeedAnswer lookup() {
			return new SeedAnswer(this.seeds, List.of(), List.of(), Duration.ZERO);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserIdentityConfiguration {

		@Bean
		NodeIdentity usersIdentity() throws Exception {
			return new NodeIdentity("users-node", NamingMode.EXPLICIT, InetAddress.getByName("127.0.0.2"), 5701);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConfigurerConfiguration {

		@Bean
		ClusterConfigurer usersConfigurer() {
			return (config) -> config.setClusterName("users-cluster");
		}

	}

}
