package dev.podcluster.testsupport.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A real BIND 9 {@code named}, authoritative for one zone that takes RFC 2136 updates,
 * for tests.
 *
 * @since 0.1.0
 */
public final class BindServer implements AutoCloseable {

	private static final Path NAMED = Path.of("/usr/sbin/named");

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration UPDATE_TIMEOUT = Duration.ofSeconds(5);

	private static final int NEGATIVE_TTL = 30;

	private static final int LOG_TAIL_LINES = 40;

	private final InetSocketAddress address;

	private final Name zone;

	private final int defaultTtl;

	private final @Nullable String netns;

	private final boolean additionalRecords;

	private final Path directory;

	private final boolean dropToBindUser;

	private final Thread shutdownHook = new Thread(this::destroyOnExit, "named-shutdown");

	private volatile @Nullable Process process;

	private BindServer(Builder builder) throws IOException {
		if (!Files.isExecutable(NAMED)) {
			throw new IllegalStateException(
					"BIND 9 is not installed: run `apt-get install -y bind9` (" + NAMED + " is missing)");
		}
		InetAddress listenAddress = Address.getByAddress(builder.listenAddress);
		if (builder.port == 0 && builder.netns != null) {
			throw new IllegalArgumentException("named runs in network namespace " + builder.netns
					+ ", where this JVM cannot look for a free port: set port(...)");
		}
		int port = (builder.port != 0) ? builder.port : freePort(listenAddress);
		this.address = new InetSocketAddress(listenAddress, port);
		this.zone = Name.fromString(builder.zone, Name.root);
		this.defaultTtl = builder.defaultTtl;
		this.netns = builder.netns;
		this.additionalRecords = builder.additionalRecords;
		this.directory = Files.createTempDirectory("bind-");
		// named refuses -u unless started as root; as root it must drop to user bind
		// (like the Debian
		// service), which then needs to own the directory to write its journal next to
		// the zone file.
		this.dropToBindUser = "root".equals(Files.getOwner(this.directory).getName());
		Files.writeString(configFile(), config());
		Files.writeString(this.directory.resolve("zone.db"), zoneFile());
		if (this.dropToBindUser) {
			UserPrincipal bind = this.directory.getFileSystem()
				.getUserPrincipalLookupService()
				.lookupPrincipalByName("bind");
			try (Stream<Path> files = Files.list(this.directory)) {
				for (Path file : Stream.concat(Stream.of(this.directory), files).toList()) {
					Files.setOwner(file, bind);
				}
			}
		}
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the address and port named listens on, over UDP and TCP.
	 * @return the listen address
	 */
	public InetSocketAddress address() {
		return this.address;
	}

	/**
	 * Return the zone named is authoritative for.
	 * @return the absolute zone name
	 */
	public Name zone() {
		return this.zone;
	}

	/**
	 * Return the TTL, in seconds, of the zone's records.
	 * @return the default TTL
	 */
	public int defaultTtl() {
		return this.defaultTtl;
	}

	/**
	 * Return the file that collects named's output across restarts.
	 * @return the log file
	 */
	public Path logFile() {
		return this.directory.resolve("named.log");
	}

	/**
	 * Start named, if not running, with the data it had when stopped; wait until it
	 * answers.
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		List<String> command = new ArrayList<>();
		if (this.netns != null) {
			command.addAll(List.of("ip", "netns", "exec", this.netns));
		}
		command.addAll(List.of(NAMED.toString(), "-g"));
		if (this.dropToBindUser) {
			command.addAll(List.of("-u", "bind"));
		}
		command.addAll(List.of("-c", configFile().toString(), "-p", String.valueOf(this.address.getPort())));
		Process started;
		try {
			started = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + String.join(" ", command), ex);
		}
		this.process = started;
		awaitAnswer(started);
	}

	/**
	 * Stop named (SIGTERM, then SIGKILL if it hangs) and wait until it has exited; its
	 * data is kept.
	 */
	public synchronized void stop() {
		Process running = this.process;
		this.process = null;
		if (running != null) {
			terminate(running, SHUTDOWN_TIMEOUT);
		}
	}

	public boolean isRunning() {
		Process running = this.process;
		return running != null && running.isAlive();
	}

	/**
	 * Add records to the zone.
	 * @param records records with absolute names inside the zone
	 */
	public void add(Record... records) {
		Update update = new Update(this.zone);
		update.add(records);
		update(update);
	}

	/**
	 * Delete exactly these records (same name, type and data) from the zone.
	 * @param records the records to delete
	 */
	public void delete(Record... records) {
		Update update = new Update(this.zone);
		update.delete(records);
		update(update);
	}

	/**
	 * Delete every record of one type at one name.
	 * @param name an absolute name inside the zone
	 * @param type the record type, a {@link Type} constant
	 */
	public void deleteAll(Name name, int type) {
		Update update = new Update(this.zone);
		update.delete(name, type);
		update(update);
	}

	/**
	 * Send an RFC 2136 update, applied by named all at once.
	 * @param update the update, for this server's zone
	 * @throws IllegalStateException if named answers with an rcode other than NOERROR
	 */
	public void update(Update update) {
		SimpleResolver resolver = resolver(UPDATE_TIMEOUT);
		// Over TCP an update of any size fits, and is never lost half-way nor resent.
		resolver.setTCP(true);
		Message response;
		try {
			response = resolver.send(update);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("DNS update to named at " + this.address + " failed", ex);
		}
		if (response.getRcode() != Rcode.NOERROR) {
			throw new IllegalStateException(
					"named answered a DNS update with " + Rcode.string(response.getRcode()) + logTail());
		}
	}

	/**
	 * Stop named and delete its configuration, zone and journal.
	 */
	@Override
	public synchronized void close() {
		stop();
		deleteDirectory();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is already shutting down: the hook runs anyway and finds nothing to
			// do.
		}
	}

	private void awaitAnswer(Process started) {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		SimpleResolver resolver = resolver(Duration.ofMillis(200));
		Message query = Message.newQuery(Record.newRecord(this.zone, Type.SOA, DClass.IN));
		try {
			while (true) {
				try {
					Message response = resolver.send(query);
					if (response.getRcode() == Rcode.NOERROR && !response.getSection(Section.ANSWER).isEmpty()) {
						return;
					}
				}
				catch (IOException ex) {
					// Not listening yet.
				}
				if (started.waitFor(20, TimeUnit.MILLISECONDS)) {
					this.process = null;
					throw new IllegalStateException(
							"named exited with status " + started.exitValue() + " on start-up" + logTail());
				}
				if (System.nanoTime() > deadline) {
					stop();
					throw new IllegalStateException("named did not answer on " + this.address + " within "
							+ STARTUP_TIMEOUT.toSeconds() + " s" + logTail());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stop();
			throw new IllegalStateException("Interrupted while waiting for named to start", ex);
		}
	}

	private SimpleResolver resolver(Duration timeout) {
		SimpleResolver resolver = new SimpleResolver(this.address);
		resolver.setTimeout(timeout);
		return resolver;
	}

	private static void terminate(Process process, Duration timeout) {
		process.destroy();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	private void destroyOnExit() {
		// Unsynchronized: a test thread stuck in start() must not keep named alive past
		// the JVM.
		Process running = this.process;
		if (running != null) {
			terminate(running, Duration.ofSeconds(2));
		}
		deleteDirectory();
	}

	private void deleteDirectory() {
		if (!Files.exists(this.directory)) {
			return;
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + this.directory, ex);
		}
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(logFile());
			return "\n--- named log (" + logFile() + ") ---\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException ex) {
			return " (no log: " + ex + ")";
		}
	}

	private Path configFile() {
		return this.directory.resolve("named.conf");
	}

	private String config() {
		boolean ipv6 = this.address.getAddress() instanceof Inet6Address;
		String listen = "port " + this.address.getPort() + " { " + this.address.getAddress().getHostAddress() + "; }";
		// Authoritative only: nothing is ever sent to root servers, forwarders or
		// secondaries, and no
		// file outside the directory is shared with another named (lock, pid, session
		// key, rndc).
		// BIND caps an RRset at 100 records since 9.18.28; CoreDNS serves a Service of
		// any size. With minimal-responses no-auth, an SRV answer carries its targets'
		// A/AAAA records in the additional section and no authority section, as CoreDNS's
		// does.
		return """
				options {
					directory "%s";
					listen-on %s;
					listen-on-v6 %s;
					recursion no;
					forwarders { };
					dnssec-validation no;
					notify no;
					max-records-per-type 0;
					minimal-responses %s;
					pid-file none;
					lock-file none;
					session-keyfile "session.key";
					managed-keys-directory ".";
				};
				controls { };
				zone "%s" {
					type primary;
					file "zone.db";
					allow-update { any; };
				};
				""".formatted(this.directory, ipv6 ? "{ none; }" : listen, ipv6 ? listen : "{ none; }",
				this.additionalRecords ? "no-auth" : "yes", this.zone);
	}

	private String zoneFile() {
		String nsAddress = (this.address.getAddress() instanceof Inet6Address ? "AAAA " : "A ")
				+ this.address.getAddress().getHostAddress();
		// The SOA's own TTL caps negative caching (RFC 2308), so it carries the minimum
		// too.
		return """
				$ORIGIN %s
				$TTL %d
				@ %d IN SOA ns.dns hostmaster 1 7200 1800 86400 %d
				@ IN NS ns.dns
				ns.dns IN %s
				""".formatted(this.zone, this.defaultTtl, NEGATIVE_TTL, NEGATIVE_TTL, nsAddress);
	}

	private static int freePort(InetAddress address) throws IOException {
		for (int attempt = 1;; attempt++) {
			try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0));
					ServerSocket tcp = new ServerSocket()) {
				// named needs the port free for both UDP and TCP.
				tcp.bind(new InetSocketAddress(address, udp.getLocalPort()));
				return udp.getLocalPort();
			}
			catch (BindException ex) {
				if (attempt == 10) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Options for a {@link BindServer}.
	 */
	public static final class Builder {

		private String listenAddress = "127.0.0.1";

		private int port;

		private String zone = "cluster.local.";

		private int defaultTtl = 5;

		private @Nullable String netns;

		private boolean additionalRecords = true;

		private Builder() {
		}

		/**
		 * Set whether answers carry the addresses of the names they point to (an SRV
		 * record's target) in their additional section, as CoreDNS's do (default
		 * {@code true}); {@code false} makes named answer minimally, so a client must ask
		 * for each target's address itself.
		 * @param additionalRecords whether to fill the additional section
		 * @return this builder
		 */
		public Builder additionalRecords(boolean additionalRecords) {
			this.additionalRecords = additionalRecords;
			return this;
		}

		/**
		 * Set the IP address named listens on (default 127.0.0.1), which this JVM must
		 * reach.
		 * @param listenAddress an IPv4 or IPv6 literal
		 * @return this builder
		 */
		public Builder listenAddress(String listenAddress) {
			this.listenAddress = listenAddress;
			return this;
		}

		/**
		 * Set the UDP and TCP port named listens on (default 0: a free one).
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Set the zone named is authoritative for (default {@code cluster.local.}).
		 * @param zone the zone name
		 * @return this builder
		 */
		public Builder zone(String zone) {
			this.zone = zone;
			return this;
		}

		/**
		 * Set the TTL, in seconds, of the zone's records (default 5, like CoreDNS).
		 * @param defaultTtl the TTL
		 * @return this builder
		 */
		public Builder defaultTtl(int defaultTtl) {
			this.defaultTtl = defaultTtl;
			return this;
		}

		/**
		 * Run named inside a network namespace, with {@code ip netns exec}.
		 * @param netns the namespace's name
		 * @return this builder
		 */
		public Builder netns(String netns) {
			this.netns = netns;
			return this;
		}

		/**
		 * Start named and wait until it answers.
		 * @return the running server
		 * @throws IllegalStateException if named is not installed, exits, or does not
		 * answer in time
		 */
		public BindServer start() {
			BindServer server;
			try {
				server = new BindServer(this);
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException("listenAddress must be an IP address: " + this.listenAddress, ex);
			}
			catch (TextParseException ex) {
				throw new IllegalArgumentException("zone is not a valid DNS name: " + this.zone, ex);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			try {
				server.start();
			}
			catch (RuntimeException ex) {
				server.close();
				throw ex;
			}
			return server;
		}

	}

}
