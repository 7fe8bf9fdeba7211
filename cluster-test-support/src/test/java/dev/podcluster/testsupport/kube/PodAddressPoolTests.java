package dev.podcluster.testsupport.kube;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodAddressPoolTests {

	@Test
	void networkGatewayAndBroadcastAddressesAreNeverHandedOut() {
		PodAddressPool pool = new PodAddressPool(Ipv4Cidr.parse("10.244.3.0/24"));
		Set<String> addresses = new HashSet<>();
		String address;
		while ((address = pool.allocate()) != null) {
			addresses.add(address);
		}
		assertThat(addresses).hasSize(253)
			.contains("10.244.3.2", "10.244.3.254")
			.doesNotContain("10.244.3.0", "10.244.3.1", "10.244.3.255");
	}

	@Test
	void releasedAddressesComeBackOnlyAfterTheOthers() {
		PodAddressPool pool = new PodAddressPool(Ipv4Cidr.parse("10.244.3.0/29"));
		assertThat(pool.allocate()).isEqualTo("10.244.3.2");
		assertThat(pool.allocate()).isEqualTo("10.244.3.3");
		pool.release("10.244.3.2");
		assertThat(pool.allocate()).isEqualTo("10.244.3.4");
		assertThat(pool.allocate()).isEqualTo("10.244.3.5");
		assertThat(pool.allocate()).isEqualTo("10.244.3.6");
		assertThat(pool.allocate()).isEqualTo("10.244.3.2");
		assertThat(pool.allocate()).isNull();
		assertThat(pool.inUse()).isEqualTo(5);
	}

	@Test
	void cidrsParseAndContain() {
		Ipv4Cidr cidr = Ipv4Cidr.parse("10.244.0.1/16");
		assertThat(cidr).hasToString("10.244.0.0/16");
		assertThat(cidr.contains("10.244.200.7")).isTrue();
		assertThat(cidr.contains("10.96.0.10")).isFalse();
	}

}
