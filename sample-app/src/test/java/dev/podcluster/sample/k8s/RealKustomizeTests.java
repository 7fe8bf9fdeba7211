package dev.podcluster.sample.k8s;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.podcluster.sample.k8s.Manifests.Manifest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each overlay built by a real kustomize ({@code kustomize build}, or the one inside
 * {@code kubectl kustomize}) when one is on the PATH: it must succeed and build exactly
 * what the in-test renderer builds, object for object.
 */
class RealKustomizeTests {

	private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v(\\d+)");

	@TestFactory
	Stream<DynamicTest> realKustomizeBuildsWhatTheInTestRendererBuilds() {
		List<List<String>> tools = tools();
		assertThat(tools)
			.as("a real kustomize is needed: install `kubectl` (it bundles kustomize v4+) or a standalone"
					+ " `kustomize` on the PATH")
			.isNotEmpty();
		return tools.stream()
			.flatMap((tool) -> Overlay.names()
				.stream()
				.map((overlay) -> DynamicTest.dynamicTest(String.join(" ", tool) + " overlays/" + overlay,
						() -> assertSameObjects(tool, overlay))));
	}

	private static void assertSameObjects(List<String> tool, String overlay) throws Exception {
		Path dir = Overlay.overlaysDir().resolve(overlay);
		List<String> command = new ArrayList<>(tool);
		command.add(dir.toString());
		Result result = run(command);
		assertThat(result.exitCode()).as("%s failed: %s", String.join(" ", command), result.stderr()).isZero();
		List<Manifest> built = Manifests.parse(String.join(" ", tool) + " overlays/" + overlay, result.stdout());
		assertThat(trees(built)).isEqualTo(trees(Overlay.render(overlay).manifests()));
	}

	private static Map<String, JsonNode> trees(List<Manifest> manifests) {
		return manifests.stream().collect(Collectors.toMap(Manifest::id, Manifest::tree, (a, b) -> a, TreeMap::new));
	}

	/** The kustomize commands found, each to be followed by a directory. */
	private static List<List<String>> tools() {
		List<List<String>> tools = new ArrayList<>();
		executable("kustomize").ifPresent((kustomize) -> tools.add(List.of(kustomize.toString(), "build")));
		executable("kubectl").filter(RealKustomizeTests::bundlesModernKustomize)
			.ifPresent((kubectl) -> tools.add(List.of(kubectl.toString(), "kustomize")));
		return tools;
	}

	/**
	 * kubectl before 1.21 bundles kustomize v2, which cannot take a directory as a
	 * resource.
	 */
	private static boolean bundlesModernKustomize(Path kubectl) {
		try {
			Result version = run(List.of(kubectl.toString(), "version", "--client"));
			Matcher matcher = KUSTOMIZE_VERSION.matcher(version.stdout());
			return version.exitCode() == 0 && matcher.find() && Integer.parseInt(matcher.group(1)) >= 4;
		}
		catch (Exception ex) {
			return false;
		}
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

	private static Result run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
		CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
		}
		return new Result(process.exitValue(), stdout.join(), stderr.join());
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
