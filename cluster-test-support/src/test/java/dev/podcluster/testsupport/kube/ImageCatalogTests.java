package dev.podcluster.testsupport.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ImageCatalogTests {

	@TempDir
	Path directory;

	@Test
	void keysWithEscapedOrPlainColonsMapToTheirCommand() throws IOException {
		Path file = write("""
				# comment
				sample-app\\:0.1.0-SNAPSHOT=/usr/bin/java -XX:+ExitOnOutOfMemoryError -jar /opt/app.jar
				registry.k8s.io/coredns/coredns:v1.14.2=/cache/bin/coredns
				""");
		ImageCatalog catalog = new ImageCatalog(file);
		assertThat(catalog.entrypoint("sample-app:0.1.0-SNAPSHOT")).containsExactly("/usr/bin/java",
				"-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/app.jar");
		assertThat(catalog.entrypoint("registry.k8s.io/coredns/coredns:v1.14.2")).containsExactly("/cache/bin/coredns");
		assertThat(catalog.entrypoint("registry.k8s.io/coredns/coredns:v1.12.1")).isNull();
	}

	@Test
	void referencesMatchInNormalizedForm() throws IOException {
		ImageCatalog catalog = new ImageCatalog(
				write("docker.io/library/python:3.11=python3 -m http.server\nbusybox=/bin/sh\n"));
		assertThat(catalog.entrypoint("python:3.11")).containsExactly("python3", "-m", "http.server");
		assertThat(catalog.entrypoint("docker.io/library/busybox:latest")).containsExactly("/bin/sh");
		assertThat(ImageReference.normalize("localhost:5000/app")).isEqualTo("localhost:5000/app:latest");
		assertThat(ImageReference.normalize("org/app@sha256:ab")).isEqualTo("docker.io/org/app@sha256:ab");
	}

	@Test
	void fileIsReadAgainWhenItChanges() throws IOException {
		Path file = write("a:1=/bin/true\n");
		ImageCatalog catalog = new ImageCatalog(file);
		assertThat(catalog.entrypoint("b:1")).isNull();
		Files.writeString(file, "a:1=/bin/true\nb:1=/bin/false\n");
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
		assertThat(catalog.entrypoint("b:1")).containsExactly("/bin/false");
	}

	@Test
	void missingFileMapsNothing() {
		assertThat(new ImageCatalog(this.directory.resolve("absent")).entrypoint("a:1")).isNull();
	}

	private Path write(String content) throws IOException {
		Path file = this.directory.resolve("images.properties");
		Files.writeString(file, content);
		return file;
	}

}
