package dev.podcluster.e2e;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * What sample-app/Dockerfile's image holds, built from the sample's jar for the
 * kube-bed's pods: the jar extracted into Spring Boot's layers (one directory, as the
 * image's COPY steps merge them), the image's Java 25 runtime ({@code jre}, a link to the
 * JDK the image build uses, {@code KUBE_BED_SAMPLE_JDK}, by default Temurin 25) and the
 * AOT cache ({@code application.aot}) its training writes, run by the Dockerfile's own
 * training script ({@link ImageBuild}), so the pods start as the image's ENTRYPOINT
 * starts them. Beside it, for side-by-side measurements of the start-up, the image as it
 * was before Java 25: the class data sharing archive a Java 17 training run writes
 * ({@code application-java17.jsa}, with the java on PATH, linked as {@code jre-java17};
 * images.properties maps it as {@code sample-app:0.1.0-SNAPSHOT-java17}). Built once per
 * jar, training script and JVMs, under {@code /var/cache/kube-bed/images}
 * ({@code KUBE_BED_CACHE}): outside the work tree (pods mount an emptyDir over /tmp,
 * where clones may live) and readable by the pods' user (the sample runs as uid 10001).
 * The build (pre-integration-test) runs {@link #main} and {@code bin/kube-bed up} takes
 * the directory as {@code KUBE_BED_SAMPLE_IMAGE}.
 */
public final class SampleImage {

	private static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
			"application");

	private SampleImage() {
	}

	/**
	 * Build the image, and write its directory into a file for {@code bin/kube-bed}.
	 * @param arguments the sample's jar, the file to write
	 * @throws IOException when a file cannot be written
	 */
	public static void main(String[] arguments) throws IOException {
		if (arguments.length != 2) {
			throw new IllegalArgumentException("Arguments: <sample-app jar> <file to write the image directory to>");
		}
		Path output = Path.of(arguments[1]).toAbsolutePath();
		Path image = prepare(Path.of(arguments[0]), output.resolveSibling("sample-app-training.log"));
		Files.writeString(output, image + "\n");
	}

	/**
	 * The image of a jar, built unless it is in the cache already.
	 * @param jar the sample's executable jar
	 * @param trainingLog where the training run's output goes
	 * @return the image's directory (its {@code /application})
	 */
	public static Path prepare(Path jar, Path trainingLog) {
		Path java = jdk();
		Path java17 = java();
		Path cache = Path
			.of((System.getenv("KUBE_BED_CACHE") != null) ? System.getenv("KUBE_BED_CACHE") : "/var/cache/kube-bed");
		if (cache.toAbsolutePath().normalize().startsWith("/tmp")) {
			// The pods see the host's files, and the sample's pods mount an emptyDir at
			// /tmp: an image under /tmp is hidden from them, and they fail to start.
			throw new IllegalStateException("KUBE_BED_CACHE is " + cache + ", under /tmp, which the sample's pods"
					+ " mount an emptyDir over, so they could not see the image: point it at a directory elsewhere,"
					+ " e.g. /var/cache/kube-bed");
		}
		ImageBuild build = ImageBuild.read();
		return prepare(jar, cache.resolve("images").resolve("sample-app-" + key(jar, build, java, java17)), trainingLog,
				java, java17, build);
	}

	/**
	 * The image of a jar in a given directory of the cache, built unless it is there
	 * already.
	 * @param jar the executable jar
	 * @param directory the image's directory (its {@code /application}), named so that
	 * another jar or JVM gets another one
	 * @param trainingLog where the training run's output goes
	 * @param train whether to add the JVMs and what their training runs write (the AOT
	 * cache and Java 17's class data sharing archive: its pods start faster; the
	 * trainings take a minute or two on a busy machine); untrained, the image runs on the
	 * java on PATH
	 * @return the directory
	 */
	static Path prepare(Path jar, Path directory, Path trainingLog, boolean train) {
		return train ? prepare(jar, directory, trainingLog, jdk(), java(), ImageBuild.read())
				: prepare(jar, directory, trainingLog, jdk(), null, null);
	}

	/**
	 * The image of a jar in a given directory, with the JVMs and the Dockerfile's
	 * training resolved once by the caller.
	 * @param java the image's JVM (Java 25), which extracts the jar and, trained, writes
	 * and uses the AOT cache
	 * @param java17 the Java 17 the image before ran on, {@code null} untrained
	 * @param build the Dockerfile's training, {@code null} untrained
	 */
	private static Path prepare(Path jar, Path directory, Path trainingLog, Path java, @Nullable Path java17,
			@Nullable ImageBuild build) {
		Path cache = directory.getParent().getParent();
		// Written last: with it, the image is complete.
		Path complete = directory.resolve("image.complete");
		if (Files.isRegularFile(complete)) {
			return directory;
		}
		long start = System.nanoTime();
		try {
			Files.createDirectories(directory.getParent());
			readable(cache);
			readable(directory.getParent());
			deleteRecursively(directory);
			Files.createDirectories(directory);
			extract(jar, java, directory);
			if (build != null && java17 != null) {
				Files.createSymbolicLink(directory.resolve("jre"), home(java));
				Files.createSymbolicLink(directory.resolve("jre-java17"), home(java17));
				trainJava17(java17, directory, trainingLog.resolveSibling("sample-app-training-java17.log"));
				train(build, java, directory, trainingLog);
			}
			try (Stream<Path> paths = Files.walk(directory)) {
				for (Path path : paths.toList()) {
					if (!Files.isSymbolicLink(path)) {
						readable(path);
					}
				}
			}
			Files.writeString(complete, jar + "\n");
			readable(complete);
		}
		catch (IOException ex) {
			deleteQuietly(directory);
			throw new UncheckedIOException("Could not build the sample-app image of " + jar + " in " + directory, ex);
		}
		catch (RuntimeException ex) {
			deleteQuietly(directory);
			throw ex;
		}
		System.out.printf(
				"sample-app image (layers, AOT cache, and Java 17's class data sharing archive) built in %d s: %s%n",
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), directory);
		return directory;
	}

	private static void extract(Path jar, Path java, Path directory) throws IOException {
		Path packaged = Files.createDirectories(directory.resolve("packaged"));
		Files.copy(jar, packaged.resolve("application.jar"));
		run(List.of(java.toString(), "-Djarmode=tools", "-jar", "packaged/application.jar", "extract", "--layers",
				"--destination", "extracted"), directory, directory.resolve("extract.log"),
				"extract the layers of " + jar);
		Path extracted = directory.resolve("extracted");
		for (String layer : LAYERS) {
			Path from = extracted.resolve(layer);
			if (!Files.isDirectory(from)) {
				continue;
			}
			try (Stream<Path> paths = Files.walk(from)) {
				for (Path path : paths.toList()) {
					Path to = directory.resolve(from.relativize(path).toString());
					if (Files.isDirectory(path)) {
						Files.createDirectories(to);
					}
					else {
						Files.copy(path, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
					}
				}
			}
		}
		deleteRecursively(extracted);
		deleteRecursively(packaged);
		Files.delete(directory.resolve("extract.log"));
	}

	/**
	 * The image's training run: the Dockerfile's own RUN script, run by {@code /bin/sh}
	 * in the image's directory as {@code docker build} runs it in {@code /application},
	 * with the image's Java 25 first on the PATH and the image's ENV, in a network
	 * namespace of its own (only loopback, up), so it meets nobody and no port it opens
	 * can collide with another test's.
	 * @param build the Dockerfile's training script and environment
	 * @param java the image's JVM, which writes the cache and will use it
	 */
	private static void train(ImageBuild build, Path java, Path directory, Path log) throws IOException {
		Files.createDirectories(log.toAbsolutePath().getParent());
		ProcessBuilder process = new ProcessBuilder("unshare", "--net", "sh", "-c",
				"ip link set lo up && exec /bin/sh -c \"$1\"", "training", build.trainingScript());
		// The build's environment, not this JVM's: no setting of the application's own.
		process.environment()
			.keySet()
			.removeIf((name) -> name.startsWith("CLUSTER_") || name.startsWith("SPRING_") || name.startsWith("SERVER_")
					|| name.startsWith("MANAGEMENT_") || name.startsWith("KUBERNETES_") || name.startsWith("JAVA_")
					|| name.startsWith("JDK_"));
		process.environment().putAll(build.environment());
		process.environment().put("PATH", java.getParent() + File.pathSeparator + System.getenv("PATH"));
		run(process, directory, log, "run the Dockerfile's training of the sample, which writes application.aot"
				+ " (needs root for its network namespace)");
		Path aot = directory.resolve("application.aot");
		if (!Files.isRegularFile(aot) || Files.size(aot) == 0) {
			throw new IllegalStateException("The training run wrote no application.aot: " + tail(log));
		}
	}

	/**
	 * The Java 17 image's training run, as its Dockerfile ran it: the application until
	 * its context is refreshed, in a network namespace of its own. The archive records
	 * the class path as given, so it uses the path the pods run.
	 * @param java the JVM that writes it and will use it
	 */
	private static void trainJava17(Path java, Path directory, Path log) throws IOException {
		String name = "application-java17.jsa";
		Path partial = directory.resolve(name + ".partial");
		Files.createDirectories(log.toAbsolutePath().getParent());
		run(new ProcessBuilder("unshare", "--net", "sh", "-c", "ip link set lo up && exec \"$@\"", "training",
				java.toString(), "-XX:ArchiveClassesAtExit=" + partial, "-Dspring.context.exit=onRefresh", "-jar",
				directory.resolve("application.jar").toString()), directory, log,
				"run the training of the sample that writes " + name + " (needs root for its network namespace)");
		if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
			throw new IllegalStateException("The training run wrote no " + name + ": " + tail(log));
		}
		Files.move(partial, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
	}

	private static void run(List<String> command, Path directory, Path log, String what) {
		run(new ProcessBuilder(command), directory, log, what);
	}

	private static void run(ProcessBuilder builder, Path directory, Path log, String what) {
		try {
			Process process = builder.directory(directory.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly().waitFor();
				throw new IllegalStateException("Could not " + what + " within 5 minutes: " + tail(log));
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						"Could not " + what + " (exit " + process.exitValue() + "): " + tail(log));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not " + what + ": " + builder.command(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while trying to " + what, ex);
		}
	}

	/**
	 * The image's JVM: Java 25, as the Dockerfile's {@code eclipse-temurin:25-jre}.
	 */
	private static Path jdk() {
		Path home = Path.of((System.getenv("KUBE_BED_SAMPLE_JDK") != null) ? System.getenv("KUBE_BED_SAMPLE_JDK")
				: "/usr/lib/jvm/temurin-25-jdk-amd64");
		Path java = home.resolve("bin").resolve("java");
		if (!Files.isExecutable(java)) {
			throw new IllegalStateException("No Java 25 at " + home + ": the sample's image runs on Java 25 with an"
					+ " AOT cache. Install Temurin 25 (apt-get install temurin-25-jdk, from Adoptium's repository)"
					+ " or point KUBE_BED_SAMPLE_JDK at a Java 25 home");
		}
		try {
			return java.toRealPath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The home of a {@code bin/java}. */
	private static Path home(Path java) {
		return java.getParent().getParent();
	}

	/**
	 * The java on PATH: the one that ran the pods before Java 25 (the baseline).
	 */
	private static Path java() {
		for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(entry.isEmpty() ? "." : entry, "java");
			if (Files.isExecutable(candidate)) {
				try {
					return candidate.toRealPath();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
		throw new IllegalStateException("No java on PATH: the kube-bed's pods run the sample with it");
	}

	/**
	 * Differs for another jar or another JVM (an AOT cache or class data sharing archive
	 * fits one JVM build).
	 */
	private static String key(Path jar, ImageBuild build, Path... javas) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(build.trainingScript().getBytes(StandardCharsets.UTF_8));
			digest.update(build.environment().toString().getBytes(StandardCharsets.UTF_8));
			try (InputStream in = Files.newInputStream(jar)) {
				byte[] buffer = new byte[65536];
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					digest.update(buffer, 0, read);
				}
			}
			for (Path java : javas) {
				Process version = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
				digest.update(java.toString().getBytes(StandardCharsets.UTF_8));
				digest.update(version.getInputStream().readAllBytes());
				version.waitFor();
			}
			return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + jar + " or run " + List.of(javas), ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void readable(Path path) throws IOException {
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
		permissions.add(PosixFilePermission.OWNER_READ);
		permissions.add(PosixFilePermission.GROUP_READ);
		permissions.add(PosixFilePermission.OTHERS_READ);
		if (Files.isDirectory(path) || permissions.contains(PosixFilePermission.OWNER_EXECUTE)) {
			permissions.add(PosixFilePermission.GROUP_EXECUTE);
			permissions.add(PosixFilePermission.OTHERS_EXECUTE);
		}
		Files.setPosixFilePermissions(path, permissions);
	}

	private static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException | RuntimeException ex) {
			return "(see " + log + ")";
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static void deleteQuietly(Path directory) {
		try {
			deleteRecursively(directory);
		}
		catch (IOException ex) {
			// Left for the next build, which starts the directory afresh.
		}
	}

}
