package dev.podcluster.autoconfigure;

import com.hazelcast.instance.BuildInfoProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Which Hazelcast versions the starter starts with, from the version string Hazelcast's
 * build info gives.
 */
class SupportedHazelcastTests {

	@ParameterizedTest
	@ValueSource(strings = { "5.5.0", "5.6.0", "5.7.0", "5.5.2", "5.7.0-SNAPSHOT", "5.6.0-BETA-1" })
	void from55To57(String version) {
		assertThatNoException().isThrownBy(() -> SupportedHazelcast.check(version, null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "5.4.0", "5.3.8", "4.2.8", "5.8.0", "5.10.0", "6.0.0", "", "unknown" })
	void notOutsideIt(String version) {
		assertThatExceptionOfType(UnsupportedHazelcastVersionException.class)
			.isThrownBy(() -> SupportedHazelcast.check(version, "file:/m2/hazelcast.jar"))
			.satisfies((ex) -> {
				assertThat(ex.getVersion()).isEqualTo(version);
				assertThat(ex.getLocation()).isEqualTo("file:/m2/hazelcast.jar");
			});
	}

	@Test
	void theHazelcastThisBuildRunsIsSupported() {
		// The CI runs the library's tests on every supported version
		// (-Dhazelcast.version): each one must pass the check.
		assertThat(SupportedHazelcast.isSupported(BuildInfoProvider.getBuildInfo().getVersion())).isTrue();
	}

}
