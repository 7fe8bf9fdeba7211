package dev.podcluster.e2e;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;

/**
 * {@code kubectl get ... --watch --output-watch-events -o json}: every change of the
 * watched objects, as the API server streams it, handed to a listener on a thread of its
 * own. The first events list what exists ({@code ADDED}).
 */
final class KubeWatch implements AutoCloseable {

	private final Process process;

	private final Thread reader;

	private final String description;

	private volatile @Nullable Throwable failure;

	private volatile boolean closing;

	private KubeWatch(Process process, String description, Consumer<Event> listener) {
		this.process = process;
		this.description = description;
		this.reader = new Thread(() -> read(listener), "kubectl-watch");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Start watching.
	 * @param bed the bed whose API server to watch
	 * @param name names the watch in the bed's logs
	 * @param arguments what to get, e.g. {@code endpointslices -l ...}
	 * @param listener hears every event, in order, on the watch's thread
	 * @return the running watch
	 */
	static KubeWatch start(KubeBed bed, String name, List<String> arguments, Consumer<Event> listener) {
		List<String> command = new ArrayList<>(List.of("get"));
		command.addAll(arguments);
		command.addAll(List.of("--watch", "--output-watch-events", "-o", "json"));
		return new KubeWatch(bed.startKubectl(name, command.toArray(String[]::new)),
				"kubectl " + String.join(" ", command), listener);
	}

	private void read(Consumer<Event> listener) {
		try (InputStream in = this.process.getInputStream();
				MappingIterator<JsonNode> events = SampleApp.JSON.readerFor(JsonNode.class).readValues(in)) {
			while (events.hasNextValue()) {
				JsonNode event = events.nextValue();
				listener.accept(new Event(event.path("type").asString(""), event.path("object")));
			}
		}
		catch (Throwable ex) {
			if (!this.closing) {
				this.failure = ex;
			}
		}
	}

	/**
	 * Check that the watch is still streaming: what it saw covers the whole time.
	 * @throws AssertionError when kubectl exited or a listener failed
	 */
	void assertWatching() {
		Throwable problem = this.failure;
		if (problem != null) {
			throw new AssertionError(this.description + " failed: " + problem, problem);
		}
		if (!this.process.isAlive()) {
			throw new AssertionError(this.description + " ended (exit " + this.process.exitValue()
					+ "): it did not see everything; its standard error is among the bed's logs");
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.closing = true;
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
		this.reader.join(TimeUnit.SECONDS.toMillis(10));
	}

	/**
	 * One watch event.
	 *
	 * @param type {@code ADDED}, {@code MODIFIED} or {@code DELETED}
	 * @param object the object as it is now (as it was last, for {@code DELETED})
	 */
	record Event(String type, JsonNode object) {

		String name() {
			return this.object.path("metadata").path("name").asString("");
		}

	}

}
