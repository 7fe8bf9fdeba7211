package dev.podcluster.testsupport.kube;

import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResolvConfTests {

	private final ResolvConf host = ResolvConf.parse("# host\nnameserver 10.255.255.53\noptions edns0\n");

	@Test
	void clusterFirstIsTheClusterDnsWithTheSearchPath() {
		Pod pod = HostsFileTests.pod("web", null, null);
		String conf = ResolvConf.forPod(pod, this.host, "10.96.0.10", "cluster.local").render();
		assertThat(conf).isEqualTo("""
				search demo.svc.cluster.local svc.cluster.local cluster.local
				nameserver 10.96.0.10
				options ndots:5
				""");
	}

	@Test
	void clusterFirstKeepsTheHostsSearchDomainsAfterTheClusterOnes() {
		Pod pod = HostsFileTests.pod("web", null, null);
		ResolvConf withSearch = ResolvConf.parse("search corp.example\nnameserver 10.0.0.2\n");
		assertThat(ResolvConf.forPod(pod, withSearch, "10.96.0.10", "cluster.local").searches())
			.containsExactly("demo.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example");
	}

	@Test
	void defaultPolicyIsTheHostsConfiguration() {
		Pod pod = HostsFileTests.pod("coredns", null, null);
		pod.getSpec().setDnsPolicy("Default");
		assertThat(ResolvConf.forPod(pod, this.host, "10.96.0.10", "cluster.local").render())
			.isEqualTo("nameserver 10.255.255.53\noptions edns0\n");
	}

	@Test
	void noneTakesTheDnsConfigAlone() {
		Pod pod = HostsFileTests.pod("web", null, null);
		pod.getSpec().setDnsPolicy("None");
		pod.getSpec()
			.setDnsConfig(new PodDNSConfigBuilder().withNameservers("1.2.3.4")
				.withSearches("example.test")
				.addNewOption()
				.withName("ndots")
				.withValue("2")
				.endOption()
				.build());
		assertThat(ResolvConf.forPod(pod, this.host, "10.96.0.10", "cluster.local").render())
			.isEqualTo("search example.test\nnameserver 1.2.3.4\noptions ndots:2\n");
	}

	@Test
	void dnsConfigIsMergedIntoClusterFirstAndItsOptionsWin() {
		Pod pod = HostsFileTests.pod("web", null, null);
		pod.getSpec()
			.setDnsConfig(new PodDNSConfigBuilder().withNameservers("10.96.0.10", "1.2.3.4")
				.withSearches("svc.cluster.local", "extra.test")
				.addNewOption()
				.withName("ndots")
				.withValue("1")
				.endOption()
				.addNewOption()
				.withName("edns0")
				.endOption()
				.build());
		ResolvConf conf = ResolvConf.forPod(pod, this.host, "10.96.0.10", "cluster.local");
		assertThat(conf.nameservers()).containsExactly("10.96.0.10", "1.2.3.4");
		assertThat(conf.searches()).containsExactly("demo.svc.cluster.local", "svc.cluster.local", "cluster.local",
				"extra.test");
		assertThat(conf.options()).isEqualTo(List.of("ndots:1", "edns0"));
	}

}
