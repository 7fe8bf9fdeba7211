package dev.podcluster.autoconfigure;

import com.hazelcast.instance.BuildInfoProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What a user reads when the build resolves a Hazelcast the starter does not run with.
 * Hazelcast's build info takes an override of its version, which stands for another jar.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnsupportedHazelcastReportTests {

	@AfterEach
	void forgetTheOverride() {
		System.clearProperty(BuildInfoProvider.HAZELCAST_INTERNAL_OVERRIDE_VERSION);
	}

	@Test
	void startUpStopsWithTheVersionTheRangeAndTheFix(CapturedOutput output) {
		System.setProperty(BuildInfoProvider.HAZELCAST_INTERNAL_OVERRIDE_VERSION, "5.4.0");
		assertThatExceptionOfType(UnsupportedHazelcastVersionException.class)
			.isThrownBy(() -> new SpringApplicationBuilder(MemberApplication.class).web(WebApplicationType.NONE)
				.run("--cluster.discovery.mode=none"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("the class path has Hazelcast 5.4.0 (file:")
			.contains("runs with Hazelcast 5.5.0 up to 5.7.x (tested: 5.5.0, 5.6.0, 5.7.0)")
			.contains("<hazelcast.version>5.7.0</hazelcast.version>")
			.contains("ext['hazelcast.version'] = '5.7.0'")
			.doesNotContain("Members {size:");
	}

	@Test
	void noCheckWhenTheClusterIsOff() {
		System.setProperty(BuildInfoProvider.HAZELCAST_INTERNAL_OVERRIDE_VERSION, "5.4.0");
		GenericApplicationContext context = new GenericApplicationContext();
		context.setEnvironment(new MockEnvironment().withProperty("cluster.enabled", "false"));
		assertThatNoException().isThrownBy(() -> new HazelcastVersionCheck().initialize(context));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MemberApplication {

	}

}
