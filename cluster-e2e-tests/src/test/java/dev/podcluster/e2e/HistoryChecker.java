package dev.podcluster.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The history checker ({@code cluster-e2e-tests/checker}: Porcupine for per-key
 * linearizability, and a count of acknowledged writes gone after the heal), built by
 * {@code kube/build-history-checker.sh} (pinned, cached by version) and run on a
 * {@link PartitionHistory}.
 */
final class HistoryChecker {

	private HistoryChecker() {
	}

	/**
	 * Builds the checker if needed, runs it on a history and prints what it says.
	 * @param repository the repository's root
	 * @param history the history file
	 * @return the figures of its {@code E2E-HISTORY-VERDICT} line, by name
	 */
	static Verdict check(Path repository, Path history) {
		String binary = run(List.of(repository.resolve("cluster-e2e-tests/kube/build-history-checker.sh").toString()),
				"building the history checker (it needs Go: apt-get install golang-go, or Go >= 1.22 on the PATH)")
			.strip();
		Path out = history.resolveSibling(history.getFileName().toString().replace(".jsonl", "-violations"));
		String report = run(List.of(binary, "-history", history.toString(), "-out", out.toString()),
				"checking " + history);
		System.out.print(report);
		try {
			Files.writeString(
					history.resolveSibling(history.getFileName().toString().replace(".jsonl", "-checker.txt")), report);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		String verdict = report.lines()
			.filter((line) -> line.startsWith("E2E-HISTORY-VERDICT "))
			.findFirst()
			.orElseThrow(() -> new AssertionError("The history checker printed no verdict:\n" + report));
		Map<String, String> figures = new LinkedHashMap<>();
		for (String field : verdict.substring("E2E-HISTORY-VERDICT ".length()).split(" ")) {
			int equals = field.indexOf('=');
			figures.put(field.substring(0, equals), field.substring(equals + 1));
		}
		return new Verdict(figures, report);
	}

	private static String run(List<String> command, String what) {
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new AssertionError(what + " failed: " + String.join(" ", command) + "\n" + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new AssertionError(what + ": could not run " + command + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What the checker found.
	 *
	 * @param figures the figures of its verdict line, by name
	 * @param report everything it printed
	 */
	record Verdict(Map<String, String> figures, String report) {

		long figure(String name) {
			String value = this.figures.get(name);
			if (value == null) {
				throw new AssertionError("The history checker's verdict has no " + name + ":\n" + this.report);
			}
			return Long.parseLong(value);
		}

	}

}
