package dev.podcluster.discovery;

import dev.podcluster.InvalidClusterConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StaticMemberTests {

	private static final String PROPERTY = "cluster.discovery.static.members[0]";

	@Test
	void hostAlone() {
		assertThat(StaticMember.parse("app-0.app.default.svc.cluster.local", 5701, PROPERTY))
			.isEqualTo(new StaticMember("app-0.app.default.svc.cluster.local", 5701, 5701));
	}

	@Test
	void hostAndPort() {
		assertThat(StaticMember.parse("10.244.0.5:5801", 5701, PROPERTY))
			.isEqualTo(new StaticMember("10.244.0.5", 5801, 5801));
	}

	@Test
	void portRange() {
		assertThat(StaticMember.parse("127.0.0.1:5701-5703", 5701, PROPERTY))
			.isEqualTo(new StaticMember("127.0.0.1", 5701, 5703));
	}

	@Test
	void ipv6InBrackets() {
		assertThat(StaticMember.parse("[fd00::5]:5701", 5701, PROPERTY))
			.isEqualTo(new StaticMember("fd00::5", 5701, 5701));
		assertThat(StaticMember.parse("[fd00::5]:5701", 5701, PROPERTY)).hasToString("[fd00::5]:5701");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "host:", "host:port", "host:0", "host:70000", "host:5703-5701", "host:1-200",
			"fd00::5:5701", "a b:5701" })
	void malformedEntriesNameThePropertyAndTheForm(String entry) {
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> StaticMember.parse(entry, 5701, PROPERTY))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo(PROPERTY))
			.satisfies((ex) -> assertThat(ex.getFix()).contains("host:port"));
	}

}
