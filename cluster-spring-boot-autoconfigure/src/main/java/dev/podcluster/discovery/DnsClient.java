package dev.podcluster.discovery;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.io.DefaultIoClientFactory;
import org.xbill.DNS.io.IoClientFactory;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;

/**
 * Asks the cluster DNS through dnsjava, with its own threads, explicit timeouts and no
 * cache, so every poll sees the current answer and a negative answer is never remembered.
 */
final class DnsClient implements AutoCloseable {

	private static final int MAX_QUERIES_IN_FLIGHT = 32;

	/**
	 * The EDNS0 UDP payload size of DNS Flag Day 2020: it fits any path's MTU, so answers
	 * are never lost to fragmentation.
	 */
	private static final int UDP_PAYLOAD = 1232;

	/** A server that speaks no EDNS answers in at most this many bytes over UDP. */
	private static final int PLAIN_UDP_SIZE = 512;

	/**
	 * dnsjava notices a server's timeout on its NIO selector's next round, up to a second
	 * late ({@code dnsjava.nio.selector_timeout}).
	 */
	private static final Duration TIMEOUT_GRANULARITY = Duration.ofSeconds(1);

	private final List<InetSocketAddress> servers;

	private final Duration timeout;

	private final ExecutorService executor;

	private final Resolver resolver;

	private final Resolver tcpResolver;

	private final LookupSession session;

	/**
	 * Creates a client.
	 * @param servers the DNS servers to ask, in order
	 * @param searchPath the search path for relative names (from resolv.conf)
	 * @param ndots the resolv.conf {@code ndots} option
	 * @param timeout how long to wait for one server's answer
	 */
	public DnsClient(List<InetSocketAddress> servers, List<Name> searchPath, int ndots, Duration timeout) {
		this(servers, searchPath, ndots, timeout, new DefaultIoClientFactory());
	}

	/**
	 * Creates a client that sends its queries through the given transport.
	 * @param servers the DNS servers to ask, in order
	 * @param searchPath the search path for relative names (from resolv.conf)
	 * @param ndots the resolv.conf {@code ndots} option
	 * @param timeout how long to wait for one server's answer
	 * @param transport sends queries over UDP and TCP
	 */
	DnsClient(List<InetSocketAddress> servers, List<Name> searchPath, int ndots, Duration timeout,
			IoClientFactory transport) {
		if (servers.isEmpty()) {
			throw new IllegalArgumentException("at least one DNS server is needed");
		}
		this.resolver = resolver(servers, timeout, false, transport);
		this.tcpResolver = resolver(servers, timeout, true, transport);
		this.servers = List.copyOf(servers);
		this.timeout = timeout;
		AtomicInteger threads = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "cluster-dns-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.session = LookupSession.builder()
			.resolver(this.resolver)
			.executor(this.executor)
			.searchPath(searchPath)
			.ndots(ndots)
			.defaultHostsFileParser()
			.clearCaches()
			.build();
	}

	/**
	 * Creates a client for the servers, search path and ndots of
	 * {@code /etc/resolv.conf}.
	 * @param server a {@code host[:port]} server to ask instead of resolv.conf's, or
	 * {@code null}
	 * @param timeout how long to wait for one server's answer
	 * @return the client
	 */
	public static DnsClient fromResolvConf(@Nullable InetSocketAddress server, Duration timeout) {
		ResolverConfig config = ResolverConfig.getCurrentConfig();
		List<InetSocketAddress> servers = (server != null) ? List.of(server) : config.servers();
		if (servers.isEmpty()) {
			servers = List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), SimpleResolver.DEFAULT_PORT));
		}
		return new DnsClient(servers, config.searchPath(), config.ndots(), timeout);
	}

	private static Resolver resolver(List<InetSocketAddress> servers, Duration timeout, boolean tcp,
			IoClientFactory transport) {
		List<Resolver> resolvers = new ArrayList<>();
		for (InetSocketAddress server : servers) {
			SimpleResolver resolver = new SimpleResolver(server);
			// Over UDP, SimpleResolver asks again over TCP by itself when an answer comes
			// back truncated (TC).
			resolver.setTCP(tcp);
			resolver.setEDNS(0, UDP_PAYLOAD, 0, List.of());
			resolver.setTimeout(timeout);
			resolver.setIoClientFactory(transport);
			resolvers.add(resolver);
		}
		if (resolvers.size() == 1) {
			return resolvers.get(0);
		}
		ExtendedResolver extended = new ExtendedResolver(resolvers);
		// ExtendedResolver's timeout is the deadline of the whole query: it must leave
		// each server its own timeout, or a silent first server leaves none for the next.
		extended.setTimeout(perServer(timeout).multipliedBy(resolvers.size()));
		extended.setRetries(1);
		return extended;
	}

	/**
	 * Returns the servers asked, for messages.
	 * @return e.g. {@code 10.96.0.10:53}
	 */
	public String describeServers() {
		return this.servers.stream().map(Seed::format).collect(Collectors.joining(", "));
	}

	/**
	 * Looks up the records of a name and type.
	 * @param name the name; relative names go through the search path
	 * @param type the record type, e.g. {@link Type#SRV}
	 * @return the answer's records (never empty)
	 * @throws SeedLookupException when there is no such name or record, or the server
	 * failed or did not answer
	 */
	public List<Record> lookup(Name name, int type) throws SeedLookupException {
		return await(this.session.lookupAsync(name, type).toCompletableFuture(), name, type).getRecords();
	}

	/**
	 * Waits for one query's outcome, at most the time every server may take, and reports
	 * a failure in the user's terms.
	 */
	private <T> T await(CompletableFuture<T> future, Name name, int type) throws SeedLookupException {
		try {
			return future.get(lookupBound(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SeedLookupException("interrupted while looking up " + name, ex);
		}
		catch (ExecutionException ex) {
			throw failure(name, type, ex.getCause());
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw failure(name, type, ex);
		}
	}

	/**
	 * Looks up the SRV records of a name with one query, and reads the addresses of their
	 * targets that the server sent along in the additional section (CoreDNS sends them
	 * all), so that only targets missing there need a query of their own.
	 * @param name the name; a relative name goes through the search path, and then
	 * arrives without addresses
	 * @return the SRV records (never empty) and the addresses sent along
	 * @throws SeedLookupException when there is no such name or record, or the server
	 * failed or did not answer
	 */
	public SrvAnswer srv(Name name) throws SeedLookupException {
		if (!name.isAbsolute()) {
			return new SrvAnswer(srvRecords(lookup(name, Type.SRV)), Map.of());
		}
		Message response = send(this.resolver, name);
		SrvAnswer answer = srvAnswer(name, response);
		if (answer != null && wasCut(response, answer)) {
			// Servers (BIND, CoreDNS) leave additional records out of a UDP answer that
			// has no room for them without setting TC: one query over TCP gets them all,
			// where asking for each target would take one query per pod.
			response = send(this.tcpResolver, name);
			answer = srvAnswer(name, response);
		}
		if (answer == null) {
			// An SRV name that is an alias is rare: the lookup session follows the chain.
			return new SrvAnswer(srvRecords(lookup(name, Type.SRV)), Map.of());
		}
		return answer;
	}

	/**
	 * Whether a UDP answer left the address of a target out because it had no room for
	 * it. Servers fill the additional section in answer order until the next record does
	 * not fit; an answer with room to spare left it out on purpose (BIND adds none for
	 * more than 13 records), and asking again over TCP would bring nothing.
	 */
	private static boolean wasCut(Message response, SrvAnswer answer) {
		Name missing = answer.records()
			.stream()
			.map(SRVRecord::getTarget)
			.filter((target) -> !answer.addresses().containsKey(target))
			.findFirst()
			.orElse(null);
		if (missing == null) {
			return false;
		}
		int limit = (response.getOPT() != null) ? UDP_PAYLOAD : PLAIN_UDP_SIZE;
		// The smallest record that would have carried it: an A record whose name is its
		// first label and a pointer to the rest (the Service's name, already in the
		// answer).
		int addressRecord = missing.getLabel(0).length + 2 + 10 + 4;
		int size = response.numBytes();
		// Larger than any UDP answer: it came over TCP already.
		return size <= limit && size + addressRecord > limit;
	}

	private Message send(Resolver resolver, Name name) throws SeedLookupException {
		Message query = Message.newQuery(Record.newRecord(name, Type.SRV, DClass.IN));
		Message response = await(resolver.sendAsync(query, this.executor).toCompletableFuture(), name, Type.SRV);
		int rcode = response.getRcode();
		if (rcode == Rcode.NXDOMAIN) {
			throw failure(name, Type.SRV, new NoSuchDomainException(name, Type.SRV));
		}
		if (rcode == Rcode.SERVFAIL) {
			throw failure(name, Type.SRV, new ServerFailedException(name, Type.SRV));
		}
		if (rcode != Rcode.NOERROR) {
			throw new SeedLookupException("SRV " + name + ": the DNS server answered " + Rcode.string(rcode) + " ("
					+ describeServers() + ")");
		}
		return response;
	}

	/**
	 * The SRV records of an answer with the addresses sent along, or {@code null} when
	 * the name is an alias.
	 */
	private @Nullable SrvAnswer srvAnswer(Name name, Message response) throws SeedLookupException {
		List<SRVRecord> records = new ArrayList<>();
		boolean alias = false;
		for (Record record : response.getSection(Section.ANSWER)) {
			if (record instanceof SRVRecord srv && srv.getName().equals(name)) {
				records.add(srv);
			}
			alias |= record.getType() == Type.CNAME || record.getType() == Type.DNAME;
		}
		if (records.isEmpty() && alias) {
			return null;
		}
		if (records.isEmpty()) {
			throw failure(name, Type.SRV, new NoSuchRRSetException(name, Type.SRV));
		}
		return new SrvAnswer(records, additionalAddresses(response, records));
	}

	private static List<SRVRecord> srvRecords(List<Record> answer) {
		return answer.stream().filter(SRVRecord.class::isInstance).map(SRVRecord.class::cast).toList();
	}

	/**
	 * The additional section's addresses of the SRV targets, of both families.
	 */
	private static Map<Name, List<InetAddress>> additionalAddresses(Message response, List<SRVRecord> records) {
		Set<Name> targets = records.stream().map(SRVRecord::getTarget).collect(Collectors.toSet());
		Map<Name, List<InetAddress>> addresses = new HashMap<>();
		for (Record record : response.getSection(Section.ADDITIONAL)) {
			if (!targets.contains(record.getName())) {
				continue;
			}
			if (record instanceof ARecord a) {
				addresses.computeIfAbsent(a.getName(), (target) -> new ArrayList<>()).add(a.getAddress());
			}
			else if (record instanceof AAAARecord aaaa) {
				addresses.computeIfAbsent(aaaa.getName(), (target) -> new ArrayList<>()).add(aaaa.getAddress());
			}
		}
		addresses.replaceAll((target, found) -> List.copyOf(found));
		return Map.copyOf(addresses);
	}

	/**
	 * An SRV answer with the addresses the server sent along.
	 *
	 * @param records the SRV records
	 * @param addresses per target, the addresses (IPv4 and IPv6) found in the additional
	 * section; targets missing here need a lookup of their own
	 */
	record SrvAnswer(List<SRVRecord> records, Map<Name, List<InetAddress>> addresses) {

	}

	/**
	 * Resolves a name to its IPv4 addresses, or its IPv6 addresses when it has none.
	 * @param name the name
	 * @return the addresses (never empty)
	 * @throws SeedLookupException when the name has no address or the lookup failed
	 */
	public List<InetAddress> addresses(Name name) throws SeedLookupException {
		Resolution resolution = addresses(List.of(name)).get(name);
		if (resolution.error() != null) {
			throw new SeedLookupException(resolution.error());
		}
		return resolution.addresses();
	}

	/**
	 * Resolves several names at once, each to its IPv4 addresses or, when it has none,
	 * its IPv6 addresses: an SRV answer of a thousand pods costs one round trip's wait,
	 * not a thousand.
	 * @param names the names
	 * @return per name, its addresses or why it has none
	 */
	public Map<Name, Resolution> addresses(Collection<Name> names) {
		return addresses(names, null);
	}

	/**
	 * Resolves several names at once, each to its addresses of one family; with no
	 * family, to its IPv4 addresses or, when it has none, its IPv6 addresses.
	 * @param names the names
	 * @param family the family asked for, or {@code null} for either
	 * @return per name, its addresses or why it has none
	 */
	public Map<Name, Resolution> addresses(Collection<Name> names, @Nullable AddressFamily family) {
		Map<Name, CompletableFuture<List<InetAddress>>> pending = new LinkedHashMap<>();
		// A few dozen queries in flight keep the wait near one round trip; a thousand at
		// once lose answers to UDP and wait out the timeout.
		Semaphore inFlight = new Semaphore(MAX_QUERIES_IN_FLIGHT);
		// One deadline for all the names: thousands of targets that a server leaves
		// unanswered cost one resolution's wait, not one per few dozen targets.
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(resolutionBound());
		for (Name name : names) {
			if (pending.containsKey(name)) {
				continue;
			}
			if (!acquire(inFlight, deadline)) {
				pending.put(name, CompletableFuture.failedFuture(new TimeoutException()));
				continue;
			}
			CompletableFuture<List<InetAddress>> resolution = (family != null)
					? addressesAsync(name, family.recordType())
					: addressesAsync(name, Type.A).thenCompose((found) -> found.isEmpty()
							? addressesAsync(name, Type.AAAA) : CompletableFuture.completedFuture(found));
			resolution.whenComplete((addresses, failure) -> inFlight.release());
			pending.put(name, resolution);
		}
		try {
			CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
				.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// each name's own outcome is read below
		}
		Map<Name, Resolution> resolved = new LinkedHashMap<>();
		pending.forEach((name, future) -> resolved.put(name, resolution(name, family, future)));
		return resolved;
	}

	private static Duration perServer(Duration timeout) {
		return timeout.plus(TIMEOUT_GRANULARITY);
	}

	/**
	 * The resolver has its own timeout per server, each tried in turn; this bound only
	 * guards against a lost callback.
	 */
	private long lookupBound() {
		return perServer(this.timeout).toMillis() * this.servers.size() + 1000;
	}

	/**
	 * Each resolution is two lookups at most (A, then AAAA).
	 */
	private long resolutionBound() {
		return 2 * lookupBound();
	}

	private static boolean acquire(Semaphore inFlight, long deadline) {
		try {
			return inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private Resolution resolution(Name name, @Nullable AddressFamily family,
			CompletableFuture<List<InetAddress>> future) {
		if (!future.isDone()) {
			future.cancel(true);
			return new Resolution(List.of(), failure(name, Type.A, new TimeoutException()).getMessage());
		}
		try {
			List<InetAddress> addresses = future.join();
			return addresses.isEmpty()
					? new Resolution(List.of(), name + " has no "
							+ ((family != null) ? Type.string(family.recordType()) : "A or AAAA") + " record")
					: new Resolution(addresses, null);
		}
		catch (CompletionException | CancellationException ex) {
			return new Resolution(List.of(), failure(name, Type.A, ex).getMessage());
		}
	}

	/**
	 * Addresses of one type; a name that exists without records of that type has none.
	 */
	private CompletableFuture<List<InetAddress>> addressesAsync(Name name, int type) {
		return this.session.lookupAsync(name, type).toCompletableFuture().handle((result, failure) -> {
			if (failure != null) {
				Throwable cause = unwrap(failure);
				if (cause instanceof NoSuchRRSetException) {
					return List.of();
				}
				throw new CompletionException(cause);
			}
			List<InetAddress> addresses = new ArrayList<>();
			for (Record record : result.getRecords()) {
				if (record instanceof ARecord a) {
					addresses.add(a.getAddress());
				}
				else if (record instanceof AAAARecord aaaa) {
					addresses.add(aaaa.getAddress());
				}
			}
			return addresses;
		});
	}

	/**
	 * The addresses a name resolved to, or why it did not.
	 *
	 * @param addresses the addresses, empty on failure
	 * @param error why there are none, or {@code null}
	 */
	record Resolution(List<InetAddress> addresses, @Nullable String error) {

	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private SeedLookupException failure(Name name, int type, Throwable failure) {
		Throwable cause = unwrap(failure);
		String what = Type.string(type) + " " + name;
		String message;
		if (cause instanceof NoSuchDomainException) {
			message = what + ": no such name (NXDOMAIN)";
		}
		else if (cause instanceof NoSuchRRSetException) {
			message = what + ": the name exists but has no " + Type.string(type) + " record";
		}
		else if (cause instanceof ServerFailedException) {
			message = what + ": the DNS server failed (SERVFAIL)";
		}
		else if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
			message = what + ": no answer from " + describeServers() + " within " + this.timeout.toMillis() + " ms";
		}
		else if (cause instanceof PortUnreachableException || cause instanceof ConnectException) {
			message = what + ": DNS server " + describeServers() + " is unreachable"
					+ ((cause.getMessage() != null) ? " (" + cause.getMessage() + ")" : "");
		}
		else {
			message = what + ": " + cause.getClass().getSimpleName()
					+ ((cause.getMessage() != null) ? " (" + cause.getMessage() + ")" : "");
		}
		return new SeedLookupException(message, cause);
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
