package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile's build steps replayed on the packaged sample jar, without Docker: the
 * extract command as written, then one directory copy per COPY line. The COPY lines must
 * follow the jar's layers.idx, and the result must hold what {@code java -jar} (the
 * ENTRYPOINT) needs: the application jar with its main class, Hazelcast's Add-Opens flags
 * and every Class-Path entry.
 */
class DockerfileLayersIT {

	private static final Pattern LAYER = Pattern.compile("^- \"([^\"]+)\":$");

	private final Dockerfile dockerfile = Dockerfile.read();

	@Test
	void copyLinesFollowTheJarsLayerIndex() throws IOException {
		try (JarFile jar = new JarFile(packagedJar().toFile())) {
			ZipEntry index = jar.getEntry("BOOT-INF/layers.idx");
			assertThat(index).as("BOOT-INF/layers.idx, written by spring-boot-maven-plugin").isNotNull();
			List<String> layers = new ArrayList<>();
			try (InputStream in = jar.getInputStream(index)) {
				for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
					Matcher matcher = LAYER.matcher(line.strip());
					if (matcher.matches()) {
						layers.add(matcher.group(1));
					}
				}
			}
			assertThat(this.dockerfile.copiedLayers()).containsExactlyElementsOf(layers);
		}
	}

	@Test
	void extractedImageHoldsWhatJavaJarNeeds(@TempDir Path work) throws Exception {
		Path builder = Files.createDirectory(work.resolve("builder"));
		Files.copy(packagedJar(), builder.resolve(this.dockerfile.jarName()));
		List<String> command = new ArrayList<>(this.dockerfile.extractCommand());
		command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
		Process extract = new ProcessBuilder(command).directory(builder.toFile())
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("extract.log").toFile())
			.start();
		assertThat(extract.waitFor(120, TimeUnit.SECONDS)).as("extract finished").isTrue();
		assertThat(extract.exitValue()).as("extract: %s", Files.readString(work.resolve("extract.log"))).isZero();

		Path image = Files.createDirectory(work.resolve("application"));
		for (String layer : this.dockerfile.copiedLayers()) {
			Path source = builder.resolve(this.dockerfile.extractDestination()).resolve(layer);
			assertThat(source).as("COPY source of layer %s", layer).isDirectory();
			copyContents(source, image);
		}

		Path application = image.resolve(this.dockerfile.jarName());
		try (JarFile jar = new JarFile(application.toFile())) {
			Attributes attributes = jar.getManifest().getMainAttributes();
			assertThat(attributes.getValue("Main-Class")).as("the application's own main class, run with java -jar")
				.isNotBlank()
				.doesNotStartWith("org.springframework.boot.loader");
			assertThat(attributes.getValue("Add-Opens")).as("Hazelcast's flags, kept by the extract")
				.contains("java.base/java.lang", "java.base/sun.nio.ch");
			assertThat(attributes.getValue("Add-Exports")).contains("java.base/jdk.internal.ref");
			for (String entry : attributes.getValue(Attributes.Name.CLASS_PATH).split(" ")) {
				assertThat(image.resolve(entry)).as("Class-Path entry").isRegularFile();
			}
		}
	}

	private static Path packagedJar() throws IOException {
		Path target = Manifests.moduleDir().resolve("target");
		try (Stream<Path> files = Files.list(target)) {
			List<Path> jars = files.filter((file) -> file.getFileName().toString().matches("sample-app-.*\\.jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-sources.jar"))
				.toList();
			assertThat(jars).as("the executable jar in %s (run the package phase first)", target).hasSize(1);
			try (JarFile jar = new JarFile(jars.get(0).toFile())) {
				Manifest manifest = jar.getManifest();
				assertThat(manifest.getMainAttributes().getValue("Start-Class")).as("repackaged by Spring Boot")
					.isNotNull();
			}
			return jars.get(0);
		}
	}

	private static void copyContents(Path from, Path to) throws IOException {
		try (Stream<Path> paths = Files.walk(from)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				Path destination = to.resolve(from.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(destination);
				}
				else {
					Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
				}
			}
		}
	}

}
