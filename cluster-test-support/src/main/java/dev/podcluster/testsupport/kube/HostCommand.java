package dev.podcluster.testsupport.kube;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command run on the host (iproute2 and the like), bounded in time.
 *
 * @param command the command and its arguments
 * @since 0.1.0
 */
public record HostCommand(List<String> command) {

	private static final Duration LIMIT = Duration.ofSeconds(30);

	public static HostCommand of(String... command) {
		return new HostCommand(List.of(command));
	}

	/**
	 * Run the command and return its output.
	 * @return standard output and error, together
	 * @throws IllegalStateException when it exits with another status than 0, with its
	 * output
	 */
	public String run() {
		Result result = runQuietly();
		if (result.status() != 0) {
			throw new IllegalStateException(
					"`" + this + "` exited with status " + result.status() + ": " + result.output().strip());
		}
		return result.output();
	}

	/**
	 * Run the command, whatever its exit status.
	 * @return its status and output; status -1 when it did not end in time (it is then
	 * killed)
	 */
	public Result runQuietly() {
		Process process;
		try {
			process = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run `" + this + "`", ex);
		}
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process));
		try {
			if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				return new Result(-1, "(did not end within " + LIMIT.toSeconds() + " s)");
			}
			return new Result(process.exitValue(), output.get(5, TimeUnit.SECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IllegalStateException("Interrupted while running `" + this + "`", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			return new Result(process.exitValue(), "(output unreadable: " + ex + ")");
		}
	}

	private static String read(Process process) {
		try {
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(output unreadable: " + ex + ")";
		}
	}

	@Override
	public String toString() {
		return String.join(" ", this.command);
	}

	/**
	 * What a command did.
	 *
	 * @param status its exit status
	 * @param output its standard output and error
	 */
	public record Result(int status, String output) {
	}

}
