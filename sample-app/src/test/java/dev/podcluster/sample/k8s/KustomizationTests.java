package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
	void everyObjectOfEveryManifestFileIsBuiltByAnOverlayOrAnExample() throws IOException {
		Set<String> built = new HashSet<>();
		for (String overlay : Overlay.names()) {
			Overlay.render(overlay).manifests().forEach((manifest) -> built.add(manifest.id()));
		}
		for (String example : List.of("statefulset", "deployment", "kubernetes-api", "pod-deletion-cost")) {
			Kustomize.build(Manifests.k8sDir().resolve("examples").resolve(example))
				.forEach((manifest) -> built.add(manifest.id()));
		}
		Set<Path> configurations = transformerConfigurations();
		try (Stream<Path> files = Files.walk(Manifests.k8sDir())) {
			List<Path> yaml = files.filter(Files::isRegularFile)
				.filter((file) -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
				.filter((file) -> !file.getFileName().toString().startsWith("kustomization."))
				.filter((file) -> !configurations.contains(file))
				.toList();
			assertThat(yaml).isNotEmpty();
			for (Path file : yaml) {
				List<Manifest> objects = Manifests.read(file);
				assertThat(objects).as("%s: objects", file).isNotEmpty();
				for (Manifest manifest : objects) {
					if (localConfig(manifest)) {
						assertThat(built).as("%s: local-config, never applied", file).doesNotContain(manifest.id());
					}
					else {
						assertThat(built).as("%s: an object no overlay or example lists", file).contains(manifest.id());
					}
				}
			}
		}
	}

	private static boolean localConfig(Manifest manifest) {
		Map<String, String> annotations = manifest.object().getMetadata().getAnnotations();
		return annotations != null && "true".equals(annotations.get("config.kubernetes.io/local-config"));
	}

	/** The files the kustomizations name under {@code configurations} (not objects). */
	private static Set<Path> transformerConfigurations() throws IOException {
		Set<Path> configurations = new HashSet<>();
		try (Stream<Path> files = Files.walk(Manifests.k8sDir())) {
			for (Path kustomization : files.filter((file) -> file.getFileName().toString().equals("kustomization.yaml"))
				.toList()) {
				Manifests.tree(Files.readString(kustomization))
					.path("configurations")
					.forEach((name) -> configurations.add(kustomization.resolveSibling(name.asString())));
			}
		}
		return configurations;
	}

}
