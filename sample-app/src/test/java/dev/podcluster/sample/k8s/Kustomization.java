package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.podcluster.sample.k8s.Manifests.Manifest;
import org.jspecify.annotations.Nullable;

/**
 * A kustomization directory, rendered the way {@code kubectl kustomize} renders one that
 * only lists {@code resources} (files and other kustomization directories). Any other
 * kustomize feature fails the read, so a manifest change that needs one also needs this
 * class (or a real kustomize) to follow.
 *
 * @param dir the directory holding {@code kustomization.yaml}
 * @param resources the {@code resources} entries, as written
 */
record Kustomization(Path dir, List<String> resources) {

	static final String API_VERSION = "kustomize.config.k8s.io/v1beta1";

	static Kustomization read(Path dir) {
		Path file = dir.resolve("kustomization.yaml");
		if (!Files.isRegularFile(file)) {
			throw new AssertionError(dir + " has no kustomization.yaml");
		}
		String source = Manifests.moduleDir().relativize(file.toAbsolutePath()).toString();
		KustomizationFile content;
		try {
			content = Manifests.value(source + " (the in-test renderer knows apiVersion, kind and resources only)",
					Files.readString(file), KustomizationFile.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (!API_VERSION.equals(content.apiVersion()) || !"Kustomization".equals(content.kind())) {
			throw new AssertionError(source + ": expected apiVersion " + API_VERSION + ", kind Kustomization");
		}
		if (content.resources() == null || content.resources().isEmpty()) {
			throw new AssertionError(source + ": lists no resources");
		}
		return new Kustomization(dir, List.copyOf(content.resources()));
	}

	/**
	 * The objects this kustomization builds, in listing order; fails on a missing file or
	 * a duplicate.
	 */
	List<Manifest> render() {
		Map<String, Manifest> objects = new LinkedHashMap<>();
		for (Path path : resolvedResources()) {
			List<Manifest> rendered = Files.isDirectory(path) ? read(path).render() : Manifests.read(path);
			for (Manifest manifest : rendered) {
				Manifest previous = objects.putIfAbsent(manifest.id(), manifest);
				if (previous != null) {
					throw new AssertionError(this.dir + " builds " + manifest.id() + " twice: from " + previous.source()
							+ " and " + manifest.source());
				}
			}
		}
		return List.copyOf(objects.values());
	}

	/**
	 * Every file this kustomization reads, its own kustomization.yaml and those of its
	 * bases included.
	 */
	Set<Path> files() {
		Set<Path> files = new LinkedHashSet<>();
		files.add(this.dir.resolve("kustomization.yaml").normalize());
		for (Path path : resolvedResources()) {
			if (Files.isDirectory(path)) {
				files.addAll(read(path).files());
			}
			else {
				files.add(path);
			}
		}
		return files;
	}

	private List<Path> resolvedResources() {
		List<Path> paths = new ArrayList<>();
		for (String resource : this.resources) {
			Path path = this.dir.resolve(resource).normalize();
			if (!Files.exists(path)) {
				throw new AssertionError(
						this.dir.resolve("kustomization.yaml") + " lists '" + resource + "', which does not exist");
			}
			paths.add(path);
		}
		return paths;
	}

	private record KustomizationFile(@Nullable String apiVersion, @Nullable String kind,
			@Nullable List<String> resources) {
	}

}
