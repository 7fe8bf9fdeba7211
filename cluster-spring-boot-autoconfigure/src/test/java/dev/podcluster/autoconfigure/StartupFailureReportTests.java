package dev.podcluster.autoconfigure;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a user reads when the cluster configuration is wrong: Spring Boot's start-up
 * failure report, naming the property and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTests {

	@Test
	void onKubernetesWithoutServiceName(CapturedOutput output) {
		start("--KUBERNETES_SERVICE_HOST=10.96.0.1");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: cluster.kubernetes.service-name")
			.contains("Set cluster.kubernetes.service-name (env CLUSTER_KUBERNETES_SERVICENAME)");
	}

	@Test
	void kubernetesApiModeWithoutTheKubernetesClientNamesTheDependencies(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.resourceLoader(new DefaultResourceLoader(new FilteredClassLoader("io.fabric8.")))
			.run("--cluster.discovery.mode=kubernetes-api", "--cluster.kubernetes.service-name=orders")
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: cluster.discovery.mode")
			.contains("kubernetes-api discovery needs fabric8's Kubernetes client, and it is not on the class path")
			.contains("Add io.fabric8:kubernetes-client (excluding io.fabric8:kubernetes-httpclient-vertx-5) and"
					+ " io.fabric8:kubernetes-httpclient-jdk");
	}

	@Test
	void podDeletionCostWithoutTheKubernetesClientNamesTheDependencies(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.resourceLoader(new DefaultResourceLoader(new FilteredClassLoader("io.fabric8.")))
			.run("--cluster.discovery.mode=none", "--cluster.cluster-name=pod-deletion-cost-" + UUID.randomUUID(),
					"--cluster.hazelcast.address=127.0.0.1", "--cluster.kubernetes.pod-deletion-cost.enabled=true",
					"--POD_NAME=orders-0", "--NAMESPACE=shop")
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: cluster.kubernetes.pod-deletion-cost.enabled")
			.contains("annotating this pod with its deletion cost needs fabric8's Kubernetes client, and it is not on"
					+ " the class path")
			.contains("Add io.fabric8:kubernetes-client (excluding io.fabric8:kubernetes-httpclient-vertx-5) and"
					+ " io.fabric8:kubernetes-httpclient-jdk")
			.contains("or set cluster.kubernetes.pod-deletion-cost.enabled to false.")
			// Stopped before the member started, so it never joined only to leave.
			.doesNotContain("Members {size:");
	}

	@Test
	void kubernetesApiModeWithoutServiceName(CapturedOutput output) {
		start("--cluster.discovery.mode=kubernetes-api");
		assertThat(output).contains("Property: cluster.kubernetes.service-name")
			.contains("kubernetes-api discovery needs the headless Service's name, and none is set");
	}

	@Test
	void unknownDiscoveryModeListsTheValidOnes(CapturedOutput output) {
		start("--cluster.discovery.mode=dns");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("cluster.discovery.mode")
			.contains("DNS_SRV");
	}

	@Test
	void unknownPartitionGroupListsTheValidOnes(CapturedOutput output) {
		start("--cluster.discovery.mode=none", "--cluster.hazelcast.partition-group=rack");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("cluster.hazelcast.partition-group")
			.contains("ZONE");
	}

	@Test
	void zoneThatIsNotALabelValue(CapturedOutput output) {
		start("--cluster.discovery.mode=none", "--cluster.zone=eu west");
		assertThat(output).contains("Property: cluster.zone")
			.contains("'eu west' is not a zone name")
			.contains("Set cluster.zone (env CLUSTER_ZONE)");
	}

	@Test
	void emptyStaticListIsNeverASilentSingleMember(CapturedOutput output) {
		start("--cluster.discovery.mode=static", "--cluster.discovery.static.members=");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: cluster.discovery.static.members")
			.contains("set cluster.discovery.mode to none for a single member");
	}

	@Test
	void negativeTimeout(CapturedOutput output) {
		start("--cluster.discovery.dns.timeout=-2s");
		assertThat(output).contains("Property: cluster.discovery.dns.timeout").contains("positive duration");
	}

	@Test
	void dnsTimeoutTooShortToGetAnAnswer(CapturedOutput output) {
		start("--cluster.discovery.dns.timeout=5ms");
		assertThat(output).contains("Property: cluster.discovery.dns.timeout")
			.contains("a DNS timeout of 5 ms")
			.contains("Set cluster.discovery.dns.timeout to 10ms or more");
	}

	@Test
	void serviceNameThatIsNotADnsLabel(CapturedOutput output) {
		start("--cluster.kubernetes.service-name=orders_service");
		assertThat(output).contains("Property: cluster.kubernetes.service-name")
			.contains("'orders_service' is not a DNS label (RFC 1123)")
			.contains("Set cluster.kubernetes.service-name to the headless Service's name");
	}

	@Test
	void namespaceLongerThanADnsLabel(CapturedOutput output) {
		start("--cluster.kubernetes.namespace=" + "n".repeat(64));
		assertThat(output).contains("Property: cluster.kubernetes.namespace")
			.contains("up to 63 letters, digits and '-'");
	}

	@Test
	void portNameThatIsNotADnsLabel(CapturedOutput output) {
		start("--cluster.discovery.dns.port-name=_hazelcast");
		assertThat(output).contains("Property: cluster.discovery.dns.port-name")
			.contains("'_hazelcast' is not a DNS label")
			.contains("or empty for the bare Service name");
	}

	@Test
	void protocolThatIsNotADnsLabel(CapturedOutput output) {
		start("--cluster.discovery.dns.protocol=tcp.");
		assertThat(output).contains("Property: cluster.discovery.dns.protocol").contains("'tcp.' is not a DNS label");
	}

	@Test
	void minimumIntervalAboveTheInterval(CapturedOutput output) {
		start("--cluster.discovery.min-interval=10s", "--cluster.discovery.interval=5s");
		assertThat(output).contains("Property: cluster.discovery.min-interval")
			.contains("is longer than the longest, cluster.discovery.interval (PT5S)")
			.contains("Set cluster.discovery.min-interval to at most cluster.discovery.interval");
	}

	@Test
	void expectedMembersWithoutDiscovery(CapturedOutput output) {
		start("--cluster.discovery.mode=none", "--cluster.expected-members=3");
		assertThat(output).contains("Property: cluster.expected-members")
			.contains("cluster.discovery.mode is none, so this member never finds another")
			.contains("or set cluster.expected-members to 1");
	}

	@Test
	void staticDiscoveryOnKubernetesLeftAtTheLoopbackDefault(CapturedOutput output) {
		start("--KUBERNETES_SERVICE_HOST=10.96.0.1", "--cluster.discovery.mode=static");
		assertThat(output).contains("Property: cluster.discovery.static.members")
			.contains("left at the default members [127.0.0.1:5701-5703]")
			.contains("or list the other pods in cluster.discovery.static.members");
	}

	@Test
	void nodeNameThatIsNotADnsName(CapturedOutput output) {
		start("--cluster.naming.name=node 1!");
		assertThat(output).contains("Property: cluster.naming.name")
			.contains("'node 1!' is not a DNS name")
			.contains("Set cluster.naming.name to a DNS name");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			0.0.0.0           | is the wildcard address
			::                | is the wildcard address
			224.0.0.251       | is a multicast address
			ff02::1           | is a multicast address
			255.255.255.255   | is the broadcast address
			10                | is not an IP address written in full
			1.2.3             | is not an IP address written in full
			10.244.0.256      | is not an IP address written in full
			010.244.0.5       | is not an IP address written in full
			localhost         | is not an IP address written in full
			""")
	void hazelcastAddressThatIsNotOneUnicastAddress(String address, String problem, CapturedOutput output) {
		start("--cluster.hazelcast.address=" + address);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: cluster.hazelcast.address")
			.contains("'" + address + "' " + problem)
			.contains("Set cluster.hazelcast.address to this node's own IP address, written in full");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			0.0.0.0      | is the wildcard address
			239.1.1.1    | is a multicast address
			10.1         | is not an IP address written in full
			300.1.1.1    | is not an IP address written in full
			""")
	void podIpThatIsNotOneUnicastAddress(String podIp, String problem, CapturedOutput output) {
		start("--POD_IP=" + podIp);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: POD_IP")
			.contains("'" + podIp + "' " + problem)
			.contains("fieldPath: status.podIP");
	}

	private static void start(String... args) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args).close());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
