package dev.podcluster.testsupport.kube;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts every container process from one long-lived thread: a process's parent-death
 * signal fires when the thread that forked it ends, so that thread lives as long as the
 * agent, and pods die with the agent.
 */
final class ProcessLauncher implements AutoCloseable {

	private final ExecutorService thread = Executors.newSingleThreadExecutor((task) -> {
		Thread launcher = new Thread(task, "container-launcher");
		launcher.setDaemon(true);
		return launcher;
	});

	/**
	 * Start a process.
	 * @param command the command
	 * @param environment its whole environment
	 * @param log the file that collects its standard output and error
	 * @return the process
	 */
	Process start(List<String> command, Map<String, String> environment, Path log) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.directory(new File("/"));
		builder.environment().clear();
		builder.environment().putAll(environment);
		try {
			Files.createDirectories(log.getParent());
			return this.thread.submit(builder::start).get(30, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not start `" + String.join(" ", command) + "`", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting a container", ex);
		}
	}

	@Override
	public void close() {
		this.thread.shutdownNow();
	}

}
