package dev.podcluster.naming;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PodEnvironmentTests {

	private static final List<String> POD_SEARCH_PATH = List.of("shop.svc.example.internal", "svc.example.internal",
			"example.internal");

	@TempDir
	Path directory;

	@Test
	void namespaceAndClusterDomainComeFromTheResolvConfSearchList() {
		PodEnvironment pod = detect(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), POD_SEARCH_PATH);
		assertThat(pod.onKubernetes()).isTrue();
		assertThat(pod.namespace()).isEqualTo("shop");
		assertThat(pod.clusterDomain()).isEqualTo("example.internal");
	}

	@Test
	void downwardApiNamespaceWinsOverTheServiceAccountAndTheSearchList() throws Exception {
		Files.writeString(this.directory.resolve("namespace"), "accounts\n");
		PodEnvironment pod = PodEnvironment.detect(Map.of("POD_NAMESPACE", "billing")::get, POD_SEARCH_PATH,
				this.directory.resolve("namespace"));
		assertThat(pod.namespace()).isEqualTo("billing");
	}

	@Test
	void serviceAccountNamespaceWinsOverTheSearchList() throws Exception {
		Files.writeString(this.directory.resolve("namespace"), "accounts\n");
		PodEnvironment pod = PodEnvironment.detect(Map.<String, String>of()::get, POD_SEARCH_PATH,
				this.directory.resolve("namespace"));
		assertThat(pod.namespace()).isEqualTo("accounts");
	}

	@Test
	void offKubernetesNothingTellsTheNamespaceOrTheDomain() {
		PodEnvironment pod = detect(Map.of("POD_IP", "192.0.2.7"), List.of("example.org"));
		assertThat(pod.onKubernetes()).isFalse();
		assertThat(pod.namespace()).isNull();
		assertThat(pod.clusterDomain()).isNull();
		assertThat(pod.podIp()).isEqualTo("192.0.2.7");
		assertThat(pod.hostname()).isNotBlank();
	}

	private PodEnvironment detect(Map<String, String> variables, List<String> searchPath) {
		return PodEnvironment.detect(variables::get, searchPath, this.directory.resolve("no-service-account"));
	}

}
