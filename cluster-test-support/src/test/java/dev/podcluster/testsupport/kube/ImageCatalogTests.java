package dev.podcluster.testsupport.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
	void variablesOutsideCommentsComeFromTheEnvironmentGiven() throws IOException {
		Path file = write("""
				# ${JAVA} stands for the java launcher
				sample-app\\:1=${JAVA} -jar ${IMAGE}/application.jar
				coredns:${COREDNS_VERSION}=/bin/coredns
				""");
		ImageCatalog catalog = new ImageCatalog(file,
				Map.of("JAVA", "/jdk/bin/java", "IMAGE", "/cache/app", "COREDNS_VERSION", "v1.14.2"));
		assertThat(catalog.entrypoint("sample-app:1")).containsExactly("/jdk/bin/java", "-jar",
				"/cache/app/application.jar");
		assertThat(catalog.entrypoint("coredns:v1.14.2")).containsExactly("/bin/coredns");
	}

	@Test
	void aVariableTheEnvironmentLacksIsNamed() throws IOException {
		ImageCatalog catalog = new ImageCatalog(write("app:1=${JAVA} -jar app.jar\n"), Map.of());
		assertThatIllegalStateException().isThrownBy(() -> catalog.entrypoint("app:1"))
			.withMessageContaining("${JAVA}")
			.withMessageContaining("the node agent's environment does not set it");
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
