package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import dev.podcluster.sample.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Dockerfile's build steps replayed on the packaged sample jar, without Docker: the
 * extract command as written, then one directory copy per COPY line, then the training
 * run, then the ENTRYPOINT. The COPY lines must follow the jar's layers.idx, the result
 * must hold what {@code java -jar} needs (the application jar with its main class,
 * Hazelcast's Add-Opens flags and every Class-Path entry), and the application must start
 * with the classes of the AOT cache its training run wrote.
 */
class DockerfileLayersIT {

	private static final Pattern LAYER = Pattern.compile("^- \"([^\"]+)\":$");

	/**
	 * The image's JVM: a Java 25 like its {@code eclipse-temurin:25-jre}
	 * ({@code -Dimage.jdk=<home>}, by default Temurin 25 where Debian's package puts it).
	 */
	private static final Path IMAGE_JDK = Path.of(System.getProperty("image.jdk", "/usr/lib/jvm/temurin-25-jdk-amd64"));

	private static final String JAVA = IMAGE_JDK.resolve("bin").resolve("java").toString();

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
		Path image = buildImage(work);
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

	@Test
	void theImageTrainsItsAotCacheAndStartsWithItMapped(@TempDir Path work) throws Exception {
		assertThat(Path.of(JAVA)).as("a Java 25 for the image's commands: install Temurin 25 or set -Dimage.jdk")
			.isExecutable();
		Path image = buildImage(work);
		// The training script as the image build runs it, with the image's Java 25 first
		// on
		// the PATH; its member on a port of its own (the script leaves the member's port
		// to
		// cluster.hazelcast.port), so it never binds one another test uses.
		int trainingPort = FreePorts.loopback(1).get(0);
		ProcessBuilder script = new ProcessBuilder("/bin/sh", "-c", this.dockerfile.trainingScript())
			.directory(image.toFile())
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("training.log").toFile());
		imageEnvironment(script);
		script.environment().put("PATH", IMAGE_JDK.resolve("bin") + ":" + System.getenv("PATH"));
		script.environment().put("CLUSTER_HAZELCAST_PORT", String.valueOf(trainingPort));
		Process training = script.start();
		// The application up to Started, stopped, then the JVM that writes the cache
		// (JEP 514).
		assertThat(training.waitFor(300, TimeUnit.SECONDS))
			.as("training run finished: %s", tail(work.resolve("training.log")))
			.isTrue();
		assertThat(training.exitValue()).as("training run: %s", tail(work.resolve("training.log"))).isZero();
		assertThat(Files.readString(work.resolve("training.log")))
			.as("the application started fully, its member on the port it was given")
			.contains("Started SampleApplication")
			.contains("127.0.0.1]:" + trainingPort);
		assertThat(image.resolve(this.dockerfile.cacheName())).as("the AOT cache it trained").isNotEmptyFile();

		List<String> entrypoint = List.of(JSON
			.readValue(Dockerfile.only(this.dockerfile.runtimeStage(), "ENTRYPOINT").arguments(), String[].class));
		Path classLoading = work.resolve("class-load.log");
		int port = FreePorts.loopback(1).get(0);
		Process app = start(image, entrypoint, List.of("-Xlog:class+load=info:file=" + classLoading),
				isolation("started", port), work.resolve("app.log"));
		try {
			await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
				assertThat(app.isAlive()).as("the app runs: %s", tail(work.resolve("app.log"))).isTrue();
				assertThat(Files.readString(work.resolve("app.log"))).contains("Started SampleApplication");
			});
			assertThat(Files.readAllLines(classLoading))
				.as("the application's classes come from the AOT cache it trained")
				.anyMatch(
						(line) -> line.contains(" dev.podcluster.sample.SampleApplication source: shared objects file"))
				.anyMatch((line) -> line
					.contains(" com.hazelcast.instance.impl.HazelcastInstanceImpl source: shared objects file"));
			assertThat(Files.readAllLines(classLoading))
				.as("a class loaded only once the web server starts: the training ran past the refreshed context")
				.anyMatch((line) -> line.contains(" org.apache.tomcat.util.net.Acceptor source: shared objects file"));
		}
		finally {
			app.destroy();
			if (!app.waitFor(60, TimeUnit.SECONDS)) {
				app.destroyForcibly().waitFor();
			}
		}
	}

	/**
	 * The Dockerfile's build steps on the packaged jar: the extract command as written,
	 * then one directory copy per COPY line.
	 */
	private Path buildImage(Path work) throws Exception {
		Path builder = Files.createDirectory(work.resolve("builder"));
		Files.copy(packagedJar(), builder.resolve(this.dockerfile.jarName()));
		List<String> command = new ArrayList<>(this.dockerfile.extractCommand());
		command.set(0, JAVA);
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
		return image;
	}

	/**
	 * Starts a command of the image as written, with the image's Java 25, the image's
	 * {@code JAVA_TOOL_OPTIONS}, extra JVM options after {@code java} and application
	 * arguments at the end.
	 */
	private Process start(Path image, List<String> written, List<String> jvmOptions, List<String> arguments, Path log)
			throws IOException {
		assertThat(written.get(0)).isEqualTo("java");
		List<String> command = new ArrayList<>();
		command.add(JAVA);
		command.addAll(jvmOptions);
		command.addAll(written.subList(1, written.size()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(image.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		imageEnvironment(builder);
		return builder.start();
	}

	/** The runtime stage's ENV, as the image's commands see it. */
	private void imageEnvironment(ProcessBuilder builder) {
		String env = Dockerfile.only(this.dockerfile.runtimeStage(), "ENV").arguments();
		String name = env.substring(0, env.indexOf('='));
		builder.environment().put(name, env.substring(env.indexOf('=') + 1).replace("\"", ""));
	}

	private static List<String> isolation(String name, int port) {
		return List.of("--server.port=0", "--cluster.cluster-name=dockerfile-" + UUID.randomUUID(),
				"--cluster.naming.name=" + name, "--cluster.discovery.mode=static",
				"--cluster.discovery.static.members=127.0.0.1:" + port, "--cluster.hazelcast.address=127.0.0.1",
				"--cluster.hazelcast.port=" + port);
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
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
