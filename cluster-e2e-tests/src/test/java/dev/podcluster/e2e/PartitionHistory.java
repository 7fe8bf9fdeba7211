package dev.podcluster.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The history of a partition test, one JSON object a line, as the history checker
 * ({@code cluster-e2e-tests/checker}) reads it: the setting, every client operation with
 * its call and return times (nanoseconds since the history began) and its outcome, and
 * the nemesis' cuts and heals.
 */
final class PartitionHistory implements AutoCloseable {

	private final long origin = System.nanoTime();

	private final Path file;

	private final BufferedWriter out;

	private int operations;

	PartitionHistory(Path file, String protection, long windowMillis) {
		this.file = file;
		try {
			Files.createDirectories(file.getParent());
			this.out = Files.newBufferedWriter(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		line("{\"type\":\"setting\",\"protection\":\"%s\",\"windowMs\":%d}".formatted(protection, windowMillis));
	}

	Path file() {
		return this.file;
	}

	/** Now, on the history's clock. */
	long now() {
		return System.nanoTime() - this.origin;
	}

	synchronized int operations() {
		return this.operations;
	}

	/**
	 * One client operation.
	 * @param operation what was called, where and when
	 * @param ret when it returned (or gave up)
	 * @param outcome {@code ok}, {@code fail} (an error answer or no connection) or
	 * {@code unknown} (no answer in time)
	 * @param result what a read or an increment returned; {@code null} for a write and
	 * for a key found absent
	 */
	void operation(Operation operation, long ret, String outcome, @Nullable String result) {
		String json = "{\"type\":\"op\",\"client\":%d,\"pod\":\"%s\",\"f\":\"%s\",\"round\":%d,\"key\":\"%s\",\"value\":\"%s\",\"call\":%d,\"ret\":%d,\"outcome\":\"%s\",\"result\":%s,\"final\":%b}"
			.formatted(operation.client(), operation.pod(), operation.f(), operation.round(), operation.key(),
					operation.value(), operation.call(), ret, outcome, (result != null) ? "\"" + result + "\"" : "null",
					operation.last());
		synchronized (this) {
			this.operations++;
		}
		line(json);
	}

	void cut(int round, String nemesis, List<KubePod> minority, long at) {
		line("{\"type\":\"cut\",\"round\":%d,\"nemesis\":\"%s\",\"minority\":[%s],\"at\":%d}".formatted(round, nemesis,
				minority.stream().map((pod) -> "\"" + pod.name() + "\"").collect(Collectors.joining(",")), at));
	}

	void heal(int round, long at) {
		line("{\"type\":\"heal\",\"round\":%d,\"at\":%d}".formatted(round, at));
	}

	void oneCluster(int round, long at) {
		line("{\"type\":\"one-cluster\",\"round\":%d,\"at\":%d}".formatted(round, at));
	}

	private synchronized void line(String json) {
		try {
			this.out.write(json);
			this.out.newLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public synchronized void close() {
		try {
			this.out.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An operation as called.
	 *
	 * @param client the client's number
	 * @param pod the pod it was sent to
	 * @param f {@code write} or {@code read} of an entry, {@code inc} or {@code counter}
	 * (read) of the counter
	 * @param round the partition round its key belongs to
	 * @param key the entry's key, empty for the counter
	 * @param value the value written, empty for the others
	 * @param call when it was called
	 * @param last whether it is a final read, after the last heal
	 */
	record Operation(int client, String pod, String f, int round, String key, String value, long call, boolean last) {

	}

}
