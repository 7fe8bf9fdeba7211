package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.podcluster.sample.k8s.Manifests.Manifest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kustomization files, built by the real kustomize: each overlay builds the base and
 * its own workload, and every manifest file ends up in an overlay. (The API server
 * validates what they build: {@code KubectlStatefulSetIT} in cluster-e2e-tests runs
 * {@code kubectl apply --dry-run=server -k} on each overlay.)
 */
class KustomizationTests {

	@Test
	void everyOverlayBuildsTheBaseResourcesAndItsOwn() {
		List<String> base = Kustomize.build(Manifests.k8sDir().resolve("base")).stream().map(Manifest::id).toList();
		assertThat(base).isNotEmpty();
		for (String overlay : Overlay.names()) {
			assertThat(Overlay.render(overlay).manifests()).extracting(Manifest::id)
				.as("overlay %s", overlay)
				.containsAll(base)
				.hasSize(base.size() + 1);
		}
	}

	@Test
	void everyObjectOfEveryManifestFileIsBuiltByAnOverlay() throws IOException {
		Set<String> built = new HashSet<>();
		for (String overlay : Overlay.names()) {
			Overlay.render(overlay).manifests().forEach((manifest) -> built.add(manifest.id()));
		}
		try (Stream<Path> files = Files.walk(Manifests.k8sDir())) {
			List<Path> yaml = files.filter(Files::isRegularFile)
				.filter((file) -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
				.filter((file) -> !file.getFileName().toString().startsWith("kustomization."))
				.toList();
			assertThat(yaml).isNotEmpty();
			for (Path file : yaml) {
				assertThat(Manifests.read(file)).as("%s: objects no overlay lists", file)
					.isNotEmpty()
					.extracting(Manifest::id)
					.allMatch(built::contains);
			}
		}
	}

}
