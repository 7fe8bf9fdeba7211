package dev.podcluster.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A kustomization directory a test writes, as a user writes an overlay of the sample's
 * manifests: under {@code cluster-e2e-tests/target/kustomize/}, where it reaches the
 * repository's manifests by relative path (kustomize takes no absolute ones).
 *
 * @param repository the repository's root
 * @param dir the directory
 */
record KustomizeDir(Path repository, Path dir) {

	static KustomizeDir create(Path repository, String name) {
		Path dir = repository.resolve("cluster-e2e-tests/target/kustomize").resolve(name);
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new KustomizeDir(repository, dir);
	}

	/** A kustomization directory inside this one. */
	KustomizeDir sub(String name) {
		return create(this.repository,
				this.repository.resolve("cluster-e2e-tests/target/kustomize")
					.relativize(this.dir.resolve(name))
					.toString());
	}

	/**
	 * The relative path from here to a path of the repository, as a kustomization lists
	 * it.
	 */
	String relative(String repositoryPath) {
		return this.dir.relativize(this.repository.resolve(repositoryPath)).toString();
	}

	/** Write {@code kustomization.yaml}: its apiVersion and kind, then {@code body}. */
	KustomizeDir kustomization(String body) {
		return write("kustomization.yaml", """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				""" + body);
	}

	KustomizeDir write(String file, String content) {
		try {
			Files.writeString(this.dir.resolve(file), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	/** Copy a file of the repository in (kustomize reads files only below its root). */
	KustomizeDir copy(String repositoryPath) {
		Path source = this.repository.resolve(repositoryPath);
		try {
			Files.copy(source, this.dir.resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return this;
	}

	@Override
	public String toString() {
		return this.dir.toString();
	}

}
