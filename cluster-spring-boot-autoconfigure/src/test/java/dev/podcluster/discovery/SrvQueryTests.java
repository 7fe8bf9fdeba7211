package dev.podcluster.discovery;

import dev.podcluster.InvalidClusterConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SrvQueryTests {

	@Test
	void namedPortFallsBackToTheBareServiceName() {
		SrvQuery query = SrvQuery.forService("app.shop.svc.cluster.local", "hazelcast", "tcp");
		assertThat(query.name()).hasToString("_hazelcast._tcp.app.shop.svc.cluster.local.");
		assertThat(query.fallback()).hasToString("app.shop.svc.cluster.local.");
		assertThat(query.bareService()).isFalse();
	}

	@Test
	void emptyPortNameAsksOnlyTheBareServiceName() {
		SrvQuery query = SrvQuery.forService("app.shop.svc.cluster.local", "", "tcp");
		assertThat(query.name()).hasToString("app.shop.svc.cluster.local.");
		assertThat(query.fallback()).isNull();
		assertThat(query.bareService()).isTrue();
	}

	@Test
	void explicitNameIsMadeAbsoluteAndHasNoFallback() {
		SrvQuery query = SrvQuery.explicit("_members._udp.example.org");
		assertThat(query.name()).hasToString("_members._udp.example.org.");
		assertThat(query.fallback()).isNull();
	}

	@Test
	void invalidNameNamesTheProperty() {
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> SrvQuery.explicit("a..b"))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cluster.discovery.dns.query"));
	}

}
