package dev.podcluster.testsupport.kube;

import java.util.List;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostsFileTests {

	private static final String HEADER = """
			# Kubernetes-managed hosts file.
			127.0.0.1\tlocalhost
			::1\tlocalhost ip6-localhost ip6-loopback
			fe00::0\tip6-localnet
			fe00::0\tip6-mcastprefix
			fe00::1\tip6-allnodes
			fe00::2\tip6-allrouters
			""";

	@Test
	void statefulSetPodGetsItsFullyQualifiedName() {
		Pod pod = pod("sample-app-1", "sample-app-1", "sample-app-cluster");
		String hosts = HostsFile.render(List.of("10.244.1.5"), PodHostname.of(pod, "cluster.local"), List.of());
		assertThat(hosts)
			.isEqualTo(HEADER + "10.244.1.5\tsample-app-1.sample-app-cluster.demo.svc.cluster.local\tsample-app-1\n");
	}

	@Test
	void podWithoutSubdomainGetsItsName() {
		Pod pod = pod("web-5d8f7-abcde", null, null);
		String hosts = HostsFile.render(List.of("10.244.2.7"), PodHostname.of(pod, "cluster.local"), List.of());
		assertThat(hosts).isEqualTo(HEADER + "10.244.2.7\tweb-5d8f7-abcde\n");
	}

	@Test
	void hostAliasesFollowUnderTheirOwnHeader() {
		Pod pod = pod("web", null, null);
		List<HostAlias> aliases = List.of(new HostAlias(List.of("foo.local", "bar.local"), "10.1.2.3"));
		String hosts = HostsFile.render(List.of("10.244.2.7"), PodHostname.of(pod, "cluster.local"), aliases);
		assertThat(hosts)
			.endsWith("10.244.2.7\tweb\n\n# Entries added by HostAliases.\n10.1.2.3\tfoo.local\tbar.local\n");
	}

	@Test
	void longPodNamesAreCutTo63CharactersWithoutTrailingDash() {
		String name = "a".repeat(62) + "-bcd";
		assertThat(PodHostname.truncate(name)).isEqualTo("a".repeat(62));
	}

	static Pod pod(String name, String hostname, String subdomain) {
		return new PodBuilder().withNewMetadata()
			.withName(name)
			.withNamespace("demo")
			.withUid("0b4c1a7e-2f3d-4e5f-8a9b-0c1d2e3f4a5b")
			.endMetadata()
			.withNewSpec()
			.withHostname(hostname)
			.withSubdomain(subdomain)
			.withNodeName("node-b")
			.addNewContainer()
			.withName("app")
			.withImage("sample-app:0.1.0-SNAPSHOT")
			.endContainer()
			.endSpec()
			.build();
	}

}
