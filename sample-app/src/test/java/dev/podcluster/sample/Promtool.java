package dev.podcluster.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.fail;

/**
 * Finds Prometheus's {@code promtool}, which checks what Prometheus would read; a test
 * that needs it fails, saying what to install, when it is missing.
 */
final class Promtool {

	private Promtool() {
	}

	/**
	 * Returns promtool's path on {@code PATH}.
	 * @param purpose what the test checks with it, for the failure message
	 * @return the path
	 */
	static Path find(String purpose) {
		return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.map((directory) -> Path.of(directory, "promtool"))
			.filter(Files::isExecutable)
			.findFirst()
			.orElseGet(() -> fail("promtool is not on PATH: install Prometheus's tools"
					+ " (Debian: apt-get install prometheus) to " + purpose));
	}

}
