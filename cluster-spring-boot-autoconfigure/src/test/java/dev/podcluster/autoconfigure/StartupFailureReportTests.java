package dev.podcluster.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

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
	void unknownDiscoveryModeListsTheValidOnes(CapturedOutput output) {
		start("--cluster.discovery.mode=dns");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("cluster.discovery.mode")
			.contains("DNS_SRV");
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

	private static void start(String... args) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args).close());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
