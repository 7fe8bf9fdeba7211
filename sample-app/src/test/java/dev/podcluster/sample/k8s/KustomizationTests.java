package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The kustomization files: every file they list exists, every manifest is listed, and
 * each overlay renders.
 */
class KustomizationTests {

	@Test
	void everyOverlayRendersTheBaseResourcesAndItsOwn() {
		List<String> base = Kustomization.read(Manifests.k8sDir().resolve("base"))
			.render()
			.stream()
			.map(Manifests.Manifest::id)
			.toList();
		assertThat(base).isNotEmpty();
		for (String overlay : Overlay.names()) {
			assertThat(Overlay.render(overlay).manifests()).extracting(Manifests.Manifest::id)
				.as("overlay %s", overlay)
				.containsAll(base)
				.hasSize(base.size() + 1);
		}
	}

	@Test
	void everyManifestFileIsListedByAKustomization() throws IOException {
		Set<Path> listed = new HashSet<>();
		for (String overlay : Overlay.names()) {
			listed.addAll(Kustomization.read(Overlay.overlaysDir().resolve(overlay)).files());
		}
		try (Stream<Path> files = Files.walk(Manifests.k8sDir())) {
			List<Path> yaml = files.filter(Files::isRegularFile)
				.filter((file) -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
				.map(Path::normalize)
				.toList();
			assertThat(listed).containsExactlyInAnyOrderElementsOf(yaml);
		}
	}

	@Test
	void missingResourceFailsTheRender(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("kustomization.yaml"), """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				resources:
				  - service.yaml
				""");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Kustomization.read(dir).render())
			.withMessageContaining("'service.yaml', which does not exist");
	}

	@Test
	void kustomizeFeatureTheRendererDoesNotKnowFailsTheRead(@TempDir Path dir) throws IOException {
		Files.writeString(dir.resolve("kustomization.yaml"), """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				namePrefix: staging-
				resources:
				  - service.yaml
				""");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Kustomization.read(dir))
			.withMessageContaining("namePrefix");
	}

}
