package dev.podcluster.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What sample-app/Dockerfile's runtime stage runs to train its AOT cache, read from the
 * Dockerfile itself, so the bed's image ({@link SampleImage}) is trained by exactly the
 * commands the image's build runs: the shell script of the RUN that writes the cache
 * ({@code -XX:AOTCacheOutput=}), its lines joined as Docker joins them, and the variables
 * of the stage's ENV lines before it.
 *
 * @param trainingScript the RUN's script, as {@code /bin/sh -c} runs it
 * @param environment the ENV variables the script sees
 */
record ImageBuild(String trainingScript, Map<String, String> environment) {

	/**
	 * The sample's Dockerfile, found from the working directory: the repository's root,
	 * the e2e module or the benchmarks module.
	 * @return what its training runs
	 */
	static ImageBuild read() {
		Path directory = Path.of("").toAbsolutePath();
		for (Path candidate = directory; candidate != null; candidate = candidate.getParent()) {
			Path dockerfile = candidate.resolve("sample-app/Dockerfile");
			if (Files.isRegularFile(dockerfile)) {
				try {
					return parse(Files.readString(dockerfile));
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Could not read " + dockerfile, ex);
				}
			}
		}
		throw new IllegalStateException("No sample-app/Dockerfile in " + directory + " or above it: run the build"
				+ " from the repository, where the sample image's training script is");
	}

	/**
	 * The training of a Dockerfile's text.
	 * @param text the Dockerfile
	 * @return its last stage's training script and environment
	 */
	static ImageBuild parse(String text) {
		List<String> instructions = new ArrayList<>();
		StringBuilder pending = new StringBuilder();
		for (String raw : text.split("\n", -1)) {
			String line = raw.strip();
			if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
				continue;
			}
			boolean continued = line.endsWith("\\");
			pending.append(continued ? line.substring(0, line.length() - 1).stripTrailing() : line).append(' ');
			if (!continued) {
				instructions.add(pending.toString().strip());
				pending.setLength(0);
			}
		}
		Map<String, String> environment = new LinkedHashMap<>();
		String script = null;
		for (String instruction : instructions) {
			int space = instruction.indexOf(' ');
			String keyword = instruction.substring(0, space).toUpperCase(Locale.ROOT);
			String arguments = instruction.substring(space + 1).strip();
			if (keyword.equals("FROM")) {
				environment.clear();
				script = null;
			}
			else if (keyword.equals("ENV") && script == null) {
				int equals = arguments.indexOf('=');
				if (equals < 0) {
					throw new IllegalStateException("Expected ENV NAME=value in the sample's Dockerfile: " + arguments);
				}
				String value = arguments.substring(equals + 1);
				if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
					value = value.substring(1, value.length() - 1);
				}
				environment.put(arguments.substring(0, equals), value);
			}
			else if (keyword.equals("RUN") && arguments.contains("-XX:AOTCacheOutput=")) {
				if (script != null) {
					throw new IllegalStateException("Two RUNs write an AOT cache in the sample's Dockerfile");
				}
				script = arguments;
			}
		}
		if (script == null) {
			throw new IllegalStateException("No RUN with -XX:AOTCacheOutput= in the sample's Dockerfile's last stage");
		}
		return new ImageBuild(script, Collections.unmodifiableMap(environment));
	}

}
