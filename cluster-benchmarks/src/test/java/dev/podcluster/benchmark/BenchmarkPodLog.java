package dev.podcluster.benchmark;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What one pod's container log says about its Hazelcast membership, read as it grows (the
 * node agent writes one file per container run): every {@code Members {size:N, ...}} list
 * Hazelcast prints (with or without the starter), and when Spring Boot and Hazelcast
 * started. Membership is observed the same way for every contender of the benchmark, from
 * the log lines Hazelcast itself prints.
 */
final class BenchmarkPodLog {

	private static final Pattern TIMESTAMP = Pattern
		.compile("^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(?:Z|[+-]\\d{2}:?\\d{2}))\\s");

	private static final Pattern MEMBERS = Pattern.compile("^Members \\{size:(\\d+), ver:\\d+\\} \\[");

	private static final Pattern MEMBER = Pattern.compile("^\\s*Member \\[([^\\]]+)\\]:(\\d+) - \\S+( this)?");

	private static final Pattern STARTED = Pattern
		.compile("Started \\S+ in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");

	private final Path file;

	private long offset;

	private byte[] partial = new byte[0];

	private @Nullable Instant lastTimestamp;

	private @Nullable List<String> collecting;

	private @Nullable String collectingLocal;

	private @Nullable Instant collectingAt;

	private final List<MemberList> lists = new ArrayList<>();

	private @Nullable Instant applicationStarting;

	private @Nullable Instant applicationStarted;

	private double processRunningForSeconds = Double.NaN;

	private @Nullable Instant hazelcastStarting;

	private @Nullable Instant hazelcastStarted;

	BenchmarkPodLog(Path file) {
		this.file = file;
	}

	/** Read what the container wrote since the last call (nothing before it started). */
	synchronized BenchmarkPodLog refresh() {
		if (!Files.exists(this.file)) {
			return this;
		}
		try (RandomAccessFile log = new RandomAccessFile(this.file.toFile(), "r")) {
			long length = log.length();
			if (length <= this.offset) {
				return this;
			}
			byte[] bytes = new byte[(int) (length - this.offset)];
			log.seek(this.offset);
			log.readFully(bytes);
			this.offset = length;
			byte[] all = new byte[this.partial.length + bytes.length];
			System.arraycopy(this.partial, 0, all, 0, this.partial.length);
			System.arraycopy(bytes, 0, all, this.partial.length, bytes.length);
			int lineStart = 0;
			for (int i = 0; i < all.length; i++) {
				if (all[i] == '\n') {
					line(new String(all, lineStart, i - lineStart, StandardCharsets.UTF_8));
					lineStart = i + 1;
				}
			}
			this.partial = Arrays.copyOfRange(all, lineStart, all.length);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + this.file, ex);
		}
		return this;
	}

	private void line(String line) {
		Matcher timestamp = TIMESTAMP.matcher(line);
		if (timestamp.find()) {
			this.lastTimestamp = OffsetDateTime.parse(timestamp.group(1)).toInstant();
			if (this.applicationStarting == null && line.contains("Starting ") && line.contains(" using Java ")) {
				this.applicationStarting = this.lastTimestamp;
			}
			else if (this.hazelcastStarting == null && line.endsWith(" is STARTING")) {
				this.hazelcastStarting = this.lastTimestamp;
			}
			else if (this.hazelcastStarted == null && line.endsWith(" is STARTED")) {
				this.hazelcastStarted = this.lastTimestamp;
			}
			else if (this.applicationStarted == null) {
				Matcher started = STARTED.matcher(line);
				if (started.find()) {
					this.applicationStarted = this.lastTimestamp;
					this.processRunningForSeconds = Double.parseDouble(started.group(2));
				}
			}
			return;
		}
		if (this.collecting == null) {
			if (MEMBERS.matcher(line).find()) {
				this.collecting = new ArrayList<>();
				this.collectingLocal = null;
				this.collectingAt = this.lastTimestamp;
			}
			return;
		}
		Matcher member = MEMBER.matcher(line);
		if (member.find()) {
			String address = member.group(1) + ":" + member.group(2);
			this.collecting.add(address);
			if (member.group(3) != null) {
				this.collectingLocal = address;
			}
		}
		else if (line.strip().equals("]")) {
			Instant at = (this.collectingAt != null) ? this.collectingAt : Instant.now();
			this.lists.add(new MemberList(at, List.copyOf(this.collecting), this.collectingLocal));
			this.collecting = null;
		}
	}

	/**
	 * The members this pod sees now, oldest (the master) first; empty before its first
	 * list.
	 */
	synchronized List<String> members() {
		return this.lists.isEmpty() ? List.of() : this.lists.get(this.lists.size() - 1).members();
	}

	/** When this pod printed the member list it holds now. */
	synchronized @Nullable Instant membersSince() {
		return this.lists.isEmpty() ? null : this.lists.get(this.lists.size() - 1).at();
	}

	/**
	 * The fewest members of any list this pod printed at or after the instant: fewer than
	 * before means it dropped someone.
	 * @param from the instant
	 * @return the smallest size, {@link Integer#MAX_VALUE} when it printed no list since
	 */
	synchronized int fewestMembersSince(Instant from) {
		return this.lists.stream()
			.filter((list) -> !list.at().isBefore(from))
			.mapToInt((list) -> list.members().size())
			.min()
			.orElse(Integer.MAX_VALUE);
	}

	/**
	 * Whether this pod's first member list had itself as the oldest member: it started a
	 * cluster of its own.
	 */
	synchronized boolean startedItsOwnCluster() {
		if (this.lists.isEmpty()) {
			return false;
		}
		MemberList first = this.lists.get(0);
		return first.local() != null && first.members().get(0).equals(first.local());
	}

	/**
	 * When Spring Boot logged {@code Starting <application> ... using Java}: the JVM is
	 * up.
	 */
	synchronized @Nullable Instant applicationStarting() {
		return this.applicationStarting;
	}

	/** When Spring Boot logged {@code Started <application> in ...}. */
	synchronized @Nullable Instant applicationStarted() {
		return this.applicationStarted;
	}

	/** The JVM's uptime when the application had started, as Spring Boot logged it. */
	synchronized double processRunningForSeconds() {
		return this.processRunningForSeconds;
	}

	synchronized @Nullable Instant hazelcastStarting() {
		return this.hazelcastStarting;
	}

	synchronized @Nullable Instant hazelcastStarted() {
		return this.hazelcastStarted;
	}

	/**
	 * One {@code Members {size:N}} list.
	 *
	 * @param at when it was logged
	 * @param members the members' addresses, {@code ip:port}, oldest first
	 * @param local the logging member's own address
	 */
	record MemberList(Instant at, List<String> members, @Nullable String local) {
	}

}
