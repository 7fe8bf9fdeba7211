package dev.podcluster.sample.k8s;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.podcluster.sample.k8s.Manifests.Manifest;

/**
 * The real kustomize, as {@code kubectl apply -k} runs it: {@code kubectl kustomize DIR}
 * (kubectl 1.21 or later bundles kustomize v4+), else a standalone
 * {@code kustomize build DIR}. What it builds is read strictly ({@link Manifests}), once
 * per directory.
 */
final class Kustomize {

	private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v(\\d+)");

	private static final Map<Path, List<Manifest>> BUILT = new ConcurrentHashMap<>();

	private static volatile List<String> command = List.of();

	private Kustomize() {
	}

	/**
	 * The objects a kustomization directory builds.
	 * @param dir the directory holding {@code kustomization.yaml}
	 * @return the objects, in kustomize's order
	 * @throws AssertionError when kustomize fails or builds something the strict reader
	 * rejects, or when no kustomize is installed
	 */
	static List<Manifest> build(Path dir) {
		return BUILT.computeIfAbsent(dir.toAbsolutePath().normalize(), Kustomize::run);
	}

	private static List<Manifest> run(Path dir) {
		List<String> full = new ArrayList<>(command());
		full.add(dir.toString());
		Result result = execute(full);
		if (result.exitCode() != 0) {
			throw new AssertionError(String.join(" ", full) + " failed: " + result.stderr());
		}
		return Manifests.parse(String.join(" ", command()) + " " + Manifests.moduleDir().relativize(dir),
				result.stdout());
	}

	private static List<String> command() {
		List<String> found = command;
		if (found.isEmpty()) {
			found = executable("kubectl").filter(Kustomize::bundlesModernKustomize)
				.map((kubectl) -> List.of(kubectl.toString(), "kustomize"))
				.or(() -> executable("kustomize").map((kustomize) -> List.of(kustomize.toString(), "build")))
				.orElseThrow(() -> new AssertionError("The manifests are built with the real kustomize: install"
						+ " kubectl 1.21 or later (it bundles kustomize v4+) or a standalone kustomize on the PATH"));
			command = found;
		}
		return found;
	}

	/**
	 * kubectl before 1.21 bundles kustomize v2, which cannot take a directory as a
	 * resource.
	 */
	private static boolean bundlesModernKustomize(Path kubectl) {
		Result version = execute(List.of(kubectl.toString(), "version", "--client"));
		Matcher matcher = KUSTOMIZE_VERSION.matcher(version.stdout());
		return version.exitCode() == 0 && matcher.find() && Integer.parseInt(matcher.group(1)) >= 4;
	}

	private static Optional<Path> executable(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Stream.of(path.split(File.pathSeparator))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static Result execute(List<String> command) {
		try {
			Process process = new ProcessBuilder(command)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
			CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
			}
			return new Result(process.exitValue(), stdout.join(), stderr.join());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

	private static String read(InputStream in) {
		try (in) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private record Result(int exitCode, String stdout, String stderr) {
	}

}
