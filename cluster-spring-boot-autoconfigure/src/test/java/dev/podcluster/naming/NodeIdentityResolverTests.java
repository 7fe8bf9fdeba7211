package dev.podcluster.naming;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;

import dev.podcluster.InvalidClusterConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NodeIdentityResolverTests {

	private static final ServiceLocation SERVICE = new ServiceLocation("app", "shop", "cluster.local");

	private static final int PORT = 5701;

	@Test
	void statefulSetPodIsNamedAfterItsFqdn() throws Exception {
		NodeIdentity identity = resolve(statefulSetPod(), NamingMode.STATEFULSET);
		assertThat(identity.name()).isEqualTo("app-0.app.shop.svc.cluster.local");
		assertThat(identity.mode()).isEqualTo(NamingMode.STATEFULSET);
		assertThat(identity.address().getHostAddress()).isEqualTo("10.244.0.5");
		assertThat(identity.port()).isEqualTo(PORT);
	}

	@Test
	void autoPicksStatefulSetWhenTheFqdnIsOurs() throws Exception {
		assertThat(resolve(statefulSetPod(), NamingMode.AUTO).mode()).isEqualTo(NamingMode.STATEFULSET);
	}

	@Test
	void autoPicksPodIpForADeploymentPod() throws Exception {
		PodEnvironment pod = new PodEnvironment("app-7d9f8b-x2x4q", "app-7d9f8b-x2x4q",
				InetAddress.getByName("10.244.0.9"), "10.244.0.9", null, null, false);
		NodeIdentity identity = resolve(pod, NamingMode.AUTO);
		assertThat(identity.mode()).isEqualTo(NamingMode.POD_IP);
		assertThat(identity.name()).isEqualTo("10-244-0-9.app.shop.svc.cluster.local");
	}

	@Test
	void autoDoesNotTakeAnOrdinalHostnameWithoutItsFqdnForAStatefulSetPod() throws Exception {
		// A Deployment pod whose generated name happens to end in digits.
		PodEnvironment pod = new PodEnvironment("app-5", "app-5", InetAddress.getByName("10.244.0.9"), "10.244.0.9",
				null, null, false);
		assertThat(resolve(pod, NamingMode.AUTO).mode()).isEqualTo(NamingMode.POD_IP);
	}

	@Test
	void autoFallsBackToTheHostName() throws Exception {
		PodEnvironment machine = new PodEnvironment("build-7", "build-7.example.org",
				InetAddress.getByName("192.0.2.7"), null, null, null, false);
		NodeIdentity identity = new NodeIdentityResolver(machine).resolve(NamingMode.AUTO, null, null, null, false,
				PORT);
		assertThat(identity.mode()).isEqualTo(NamingMode.HOST);
		assertThat(identity.name()).isEqualTo("build-7.example.org");
		assertThat(identity.address().getHostAddress()).isEqualTo("192.0.2.7");
	}

	@Test
	void membersOnLoopbackAreNamedWithTheirPort() {
		PodEnvironment machine = new PodEnvironment("laptop", "laptop", InetAddress.getLoopbackAddress(), null, null,
				null, false);
		NodeIdentity identity = new NodeIdentityResolver(machine).resolve(NamingMode.HOST, null, null, null, true,
				PORT);
		assertThat(identity.address().isLoopbackAddress()).isTrue();
		assertThat(identity.name()).isEqualTo("laptop:" + identity.port());
		assertThat(identity.port()).isBetween(PORT, PORT + 99);
	}

	@Test
	void podIpNameOfAnIpv6PodFollowsCoreDns() throws Exception {
		PodEnvironment pod = new PodEnvironment("app-abc", "app-abc", null, "fd00:10:244::5", null, null, false);
		NodeIdentity identity = resolve(pod, NamingMode.POD_IP);
		assertThat(identity.name()).isEqualTo("fd00-10-244--5.app.shop.svc.cluster.local");
		assertThat(identity.address()).isEqualTo(InetAddress.getByName("fd00:10:244::5"));
	}

	@Test
	void explicitNameWins() throws Exception {
		NodeIdentity identity = new NodeIdentityResolver(statefulSetPod()).resolve(NamingMode.AUTO, "orders-1", SERVICE,
				null, false, PORT);
		assertThat(identity.name()).isEqualTo("orders-1");
		assertThat(identity.mode()).isEqualTo(NamingMode.EXPLICIT);
	}

	@Test
	void explicitAddressWins() throws Exception {
		NodeIdentity identity = new NodeIdentityResolver(statefulSetPod()).resolve(NamingMode.STATEFULSET, null,
				SERVICE, "10.244.7.7", false, PORT);
		assertThat(identity.address().getHostAddress()).isEqualTo("10.244.7.7");
	}

	@Test
	void podIpNamingWithoutPodIpSaysHowToInjectIt() {
		PodEnvironment pod = new PodEnvironment("app-abc", "app-abc", null, null, null, null, false);
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> resolve(pod, NamingMode.POD_IP))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("POD_IP"))
			.satisfies((ex) -> assertThat(ex.getFix()).contains("status.podIP"));
	}

	@Test
	void malformedPodIpIsRejected() {
		PodEnvironment pod = new PodEnvironment("app-abc", "app-abc", null, "not-an-ip", null, null, false);
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> resolve(pod, NamingMode.POD_IP))
			.withMessageContaining("'not-an-ip' is not an IP address");
	}

	@Test
	void malformedExplicitAddressIsRejected() throws Exception {
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> new NodeIdentityResolver(statefulSetPod()).resolve(NamingMode.HOST, null, null,
					"10.244.0.300", false, PORT))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cluster.hazelcast.address"));
	}

	@Test
	void statefulSetNamingWithoutServiceNameSaysWhichPropertyToSet() throws Exception {
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> new NodeIdentityResolver(statefulSetPod()).resolve(NamingMode.STATEFULSET, null, null,
					null, false, PORT))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cluster.kubernetes.service-name"));
	}

	@Test
	void statefulSetNamingOutsideAStatefulSetPodIsRejected() throws Exception {
		PodEnvironment pod = new PodEnvironment("app-7d9f8b-x2x4q", "app-7d9f8b-x2x4q",
				InetAddress.getByName("10.244.0.9"), "10.244.0.9", null, null, false);
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> resolve(pod, NamingMode.STATEFULSET))
			.withMessageContaining("'app-7d9f8b-x2x4q'");
	}

	@Test
	void statefulSetNamingWithAnotherServiceInEtcHostsNamesTheMismatch() throws Exception {
		PodEnvironment pod = new PodEnvironment("app-0", "app-0.other.shop.svc.cluster.local",
				InetAddress.getByName("10.244.0.5"), "10.244.0.5", null, null, false);
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> resolve(pod, NamingMode.STATEFULSET))
			.withMessageContaining("app-0.other.shop.svc.cluster.local")
			.withMessageContaining("app-0.app.shop.svc.cluster.local")
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cluster.kubernetes.service-name"));
	}

	@Test
	void explicitModeWithoutNameIsRejected() throws Exception {
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> resolve(statefulSetPod(), NamingMode.EXPLICIT))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cluster.naming.name"));
	}

	@Test
	void hostNameOnDebiansLoopbackLineBindsTheInterfaceThatReachesTheMembers() throws Exception {
		InterfaceAddress lan = nonLoopbackIpv4Interface();
		InetAddress member = neighbour(lan);
		NodeIdentity identity = new NodeIdentityResolver(debianHost()).resolve(NamingMode.HOST, null, null, null, false,
				() -> List.of(InetAddress.getLoopbackAddress(), member), PORT);
		assertThat(identity.address()).isEqualTo(lan.getAddress());
		assertThat(identity.port()).isEqualTo(PORT);
	}

	@Test
	void hostNameOnDebiansLoopbackLineWithMembersOutOfReachNamesTheAddressProperty() {
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> new NodeIdentityResolver(debianHost()).resolve(NamingMode.HOST, null, null, null, false,
					List::of, PORT))
			.withMessageContaining(
					"the host name resolves to 127.0.1.1, a loopback address the other members cannot" + " reach")
			.withMessageContaining("their addresses could not be looked up")
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("cluster.hazelcast.address"))
			.satisfies((ex) -> assertThat(ex.getFix()).contains("Set cluster.hazelcast.address"));
	}

	@Test
	void hostNameOnDebiansLoopbackLineIsRightForAClusterOnLoopback() {
		NodeIdentity identity = new NodeIdentityResolver(debianHost()).resolve(NamingMode.HOST, null, null, null, true,
				() -> {
					throw new AssertionError("a cluster on loopback needs no route");
				}, PORT);
		assertThat(identity.address().isLoopbackAddress()).isTrue();
	}

	@Test
	void podIpIsReadStrictly() {
		PodEnvironment pod = new PodEnvironment("app-abc", "app-abc", null, " 10.244.0.9 ", null, null, false);
		assertThat(resolve(pod, NamingMode.POD_IP).address().getHostAddress()).isEqualTo("10.244.0.9");
		PodEnvironment shorthand = new PodEnvironment("app-abc", "app-abc", null, "10.244.9", null, null, false);
		assertThatExceptionOfType(InvalidClusterConfigurationException.class)
			.isThrownBy(() -> resolve(shorthand, NamingMode.POD_IP))
			.withMessageContaining("'10.244.9' is not an IP address written in full")
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("POD_IP"));
	}

	private static PodEnvironment debianHost() {
		// /etc/hosts on Debian and cloud images: 127.0.1.1 <hostname>
		return new PodEnvironment("build-7", "build-7", ip("127.0.1.1"), null, null, null, false);
	}

	private static InterfaceAddress nonLoopbackIpv4Interface() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter(NodeIdentityResolverTests::isUp)
			.flatMap((nic) -> nic.getInterfaceAddresses().stream())
			.filter((address) -> address.getAddress() instanceof Inet4Address)
			.filter((address) -> !address.getAddress().isLoopbackAddress())
			.findFirst()
			.orElseThrow(() -> new AssertionError("This test needs a network interface with an IPv4 address other"
					+ " than loopback (e.g. `ip addr add 192.0.2.2/24 dev eth0`); this machine has none"));
	}

	private static boolean isUp(NetworkInterface nic) {
		try {
			return nic.isUp() && !nic.isLoopback();
		}
		catch (SocketException ex) {
			return false;
		}
	}

	/** Another address on the interface's subnet, where a member would be. */
	private static InetAddress neighbour(InterfaceAddress lan) throws Exception {
		byte[] bytes = lan.getAddress().getAddress();
		if (lan.getNetworkPrefixLength() <= 30) {
			bytes[3] ^= 1;
		}
		return InetAddress.getByAddress(bytes);
	}

	private static InetAddress ip(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static NodeIdentity resolve(PodEnvironment pod, NamingMode mode) {
		return new NodeIdentityResolver(pod).resolve(mode, null, SERVICE, null, false, PORT);
	}

	private static PodEnvironment statefulSetPod() throws Exception {
		return new PodEnvironment("app-0", "app-0.app.shop.svc.cluster.local", InetAddress.getByName("10.244.0.5"),
				"10.244.0.5", null, null, false);
	}

}
