package dev.podcluster.discovery;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Polls a {@link SeedProvider} and keeps the seeds Hazelcast is handed. A failed lookup
 * changes no seed; a seed is dropped only after it is missing from several consecutive
 * good answers, so a DNS hiccup never shrinks the view.
 *
 * @since 0.1.0
 */
public final class SeedTracker implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SeedTracker.class);

	private static final Duration STARTUP_POLL = Duration.ofMillis(500);

	private final SeedProvider provider;

	private final LookupPace pace;

	private final Clock clock;

	private final @Nullable InetSocketAddress self;

	private final ScheduledExecutorService scheduler;

	private final AtomicBoolean refreshQueued = new AtomicBoolean();

	/** Whether a lookup for a change the provider saw is scheduled. */
	private final AtomicBoolean changeQueued = new AtomicBoolean();

	private volatile LookupStatistics statistics = LookupStatistics.NONE;

	/** Touched only in {@link #refresh()}, which is synchronized. */
	private final LastKnownGoodSeeds known;

	private volatile DiscoverySnapshot snapshot;

	private volatile boolean closed;

	/** Whether lookups are scheduled, from {@link #start(int, Duration)} on. */
	private volatile boolean polling;

	/** The next scheduled lookup; a lookup asked for in between moves it. */
	private @Nullable ScheduledFuture<?> nextPoll;

	/**
	 * Creates a tracker; nothing is looked up before {@link #start(int, Duration)}.
	 * @param provider where seeds come from
	 * @param minInterval the shortest time between lookups, however short the answer's
	 * TTL, and between lookups asked for by Hazelcast or an operator; at most
	 * {@code interval}
	 * @param interval the longest time between lookups while they succeed; the answer's
	 * TTL, when shorter, rules
	 * @param missesBeforeRemoval consecutive good answers a seed may be missing from
	 * before it is dropped
	 * @param clock the clock for the times shown to operators
	 */
	SeedTracker(SeedProvider provider, Duration minInterval, Duration interval, int missesBeforeRemoval, Clock clock) {
		this(provider, minInterval, interval, missesBeforeRemoval, clock, null);
	}

	/**
	 * Creates a tracker that also notes when an answer first lists this member's own
	 * address; nothing is looked up before {@link #start(int, Duration)}.
	 * @param provider where seeds come from
	 * @param minInterval the shortest time between lookups, however short the answer's
	 * TTL, and between lookups asked for by Hazelcast or an operator; at most
	 * {@code interval}
	 * @param interval the longest time between lookups while they succeed; the answer's
	 * TTL, when shorter, rules
	 * @param missesBeforeRemoval consecutive good answers a seed may be missing from
	 * before it is dropped
	 * @param clock the clock for the times shown to operators
	 * @param self the address and port this member advertises, or {@code null}
	 */
	SeedTracker(SeedProvider provider, Duration minInterval, Duration interval, int missesBeforeRemoval, Clock clock,
			@Nullable InetSocketAddress self) {
		this.pace = new LookupPace(minInterval, interval);
		this.provider = provider;
		this.known = new LastKnownGoodSeeds(missesBeforeRemoval);
		this.clock = clock;
		this.self = self;
		this.snapshot = DiscoverySnapshot.initial(provider);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "cluster-discovery");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Looks up on the caller's thread so the first join has seeds, then keeps polling in
	 * the background.
	 * @param expectedSeeds how many seeds a start should see: while fewer answer, look
	 * again every half second (a member that expects no peer, or has no discovery, never
	 * waits)
	 * @param maxWait how long to wait for them before going on with what was found
	 */
	void start(int expectedSeeds, Duration maxWait) {
		long deadline = System.nanoTime() + maxWait.toNanos();
		Duration delay = refresh();
		// Pods of a StatefulSet start together: waiting until they show up in DNS lets
		// them join one cluster instead of each forming its own and merging later.
		boolean waits = expectedSeeds > 1 && this.provider.looksUp();
		while (waits && seeds().size() < expectedSeeds && System.nanoTime() < deadline && !this.closed) {
			try {
				Thread.sleep(STARTUP_POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			delay = refresh();
		}
		if (this.provider.looksUp()) {
			this.polling = true;
			scheduleNext(delay);
		}
	}

	/**
	 * Returns the seeds to hand to Hazelcast. Cheap and thread-safe.
	 * @return the current seeds
	 */
	public List<Seed> seeds() {
		return this.snapshot.seeds();
	}

	/**
	 * Returns whether the seeds say where they run, so {@link #ownSeed(Duration)} can
	 * tell this member's zone and node.
	 * @return whether the provider locates its seeds
	 */
	public boolean locatesSeeds() {
		return this.provider.locatesSeeds();
	}

	/**
	 * Returns this member's own seed, for where it runs: the zone and node its endpoint
	 * carries. While the answers come but do not list this member yet (a pod that has
	 * just got its address may be listed a moment later), looks up again every half
	 * second, for at most {@code maxWait}.
	 * @param maxWait how long to wait for an answer that lists this member
	 * @return this member's seed, or {@code null} when the provider does not tell where
	 * its seeds run, a lookup fails, or no answer lists this member in time
	 */
	public @Nullable Seed ownSeed(Duration maxWait) {
		if (this.self == null || !this.provider.locatesSeeds()) {
			return null;
		}
		long deadline = System.nanoTime() + maxWait.toNanos();
		while (!this.closed) {
			Seed own = seeds().stream().filter((seed) -> seed.address().equals(this.self)).findFirst().orElse(null);
			if (own != null || this.snapshot.error() != null || System.nanoTime() >= deadline) {
				return own;
			}
			try {
				Thread.sleep(STARTUP_POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
			refresh();
		}
		return null;
	}

	/**
	 * Returns what discovery knows now.
	 * @return the snapshot
	 */
	public DiscoverySnapshot snapshot() {
		return this.snapshot;
	}

	/**
	 * Asks for a lookup in the background when the last one is older than the given age
	 * and than {@code minInterval}; returns at once. Hazelcast asks for seeds while it
	 * joins, which is exactly when a fresh answer matters. While lookups fail, this asks
	 * for none before the back-off has passed, however often it is called.
	 * @param age the age beyond which a lookup is worth making
	 */
	public void refreshIfOlderThan(Duration age) {
		if (this.closed || !isDue(age)) {
			return;
		}
		if (this.refreshQueued.compareAndSet(false, true)) {
			submit(() -> {
				this.refreshQueued.set(false);
				if (isDue(age)) {
					refreshAndReschedule();
				}
			});
		}
	}

	/**
	 * Asks for a lookup in the background as soon as {@code minInterval} since the last
	 * one allows, and returns at once: the provider learnt that its answer changed (a
	 * watch event). Changes that come meanwhile are taken by that one lookup; while
	 * lookups fail, the back-off rules instead.
	 */
	void changed() {
		if (this.closed || !this.changeQueued.compareAndSet(false, true)) {
			return;
		}
		Instant last = this.snapshot.lastLookup();
		int failures = this.snapshot.consecutiveFailures();
		Duration gap = (failures > 0) ? this.pace.afterFailures(failures) : this.pace.minInterval();
		long delay = (last != null) ? Math.max(0, Duration.between(this.clock.instant(), last.plus(gap)).toMillis())
				: 0;
		try {
			this.scheduler.schedule(() -> {
				this.changeQueued.set(false);
				refreshAndReschedule();
			}, delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closed meanwhile: nothing to look up for.
		}
	}

	/**
	 * Looks up now, in the background thread, and waits for the answer; a lookup made
	 * less than {@code minInterval} ago is answered instead.
	 * @param timeout how long to wait
	 * @return what discovery knows after the lookup
	 */
	public DiscoverySnapshot lookupNow(Duration timeout) {
		if (this.closed || isRecent(this.pace.minInterval())) {
			return this.snapshot;
		}
		Future<?> lookup = submit(() -> {
			if (!isRecent(this.pace.minInterval())) {
				refreshAndReschedule();
			}
		});
		if (lookup == null) {
			return this.snapshot;
		}
		try {
			lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// the snapshot says what happened, or the lookup is still running
		}
		return this.snapshot;
	}

	/**
	 * A lookup out of schedule counts as the scheduled one: the next follows from its
	 * outcome, so a lookup asked for never adds to the back-off's.
	 */
	private void refreshAndReschedule() {
		Duration delay = refresh();
		if (this.polling) {
			scheduleNext(delay);
		}
	}

	/** Whether a lookup asked for now is due: not before the back-off while failing. */
	private boolean isDue(Duration age) {
		int failures = this.snapshot.consecutiveFailures();
		if (failures > 0) {
			return !isRecent(this.pace.afterFailures(failures));
		}
		return !isRecent((age.compareTo(this.pace.minInterval()) > 0) ? age : this.pace.minInterval());
	}

	private boolean isRecent(Duration within) {
		Instant last = this.snapshot.lastLookup();
		return last != null && last.plus(within).isAfter(this.clock.instant());
	}

	/** Runs a task on the discovery thread, or not at all once closed. */
	private @Nullable Future<?> submit(Runnable task) {
		try {
			return this.scheduler.submit(task);
		}
		catch (RejectedExecutionException ex) {
			// Closed meanwhile: nothing to look up for.
			return null;
		}
	}

	/**
	 * Returns the lookups made since the start, by outcome.
	 * @return the statistics
	 */
	public LookupStatistics statistics() {
		return this.statistics;
	}

	private synchronized void scheduleNext(Duration delay) {
		if (this.closed) {
			return;
		}
		if (this.nextPoll != null) {
			this.nextPoll.cancel(false);
		}
		// Jitter keeps a freshly started StatefulSet from polling DNS in lockstep.
		long millis = Math.max(1, (long) (delay.toMillis() * ThreadLocalRandom.current().nextDouble(0.9, 1.1)));
		this.snapshot = this.snapshot.withNextLookup(this.clock.instant().plusMillis(millis));
		try {
			this.nextPoll = this.scheduler.schedule(this::poll, millis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closed meanwhile: the polling ends here.
		}
	}

	/**
	 * One scheduled lookup, and the next one scheduled whatever happens: the polling only
	 * ends with {@link #close()}.
	 */
	private void poll() {
		Duration delay = this.pace.interval();
		try {
			delay = refresh();
		}
		finally {
			scheduleNext(delay);
		}
	}

	/** Looks up once and returns the delay until the next scheduled lookup. */
	private synchronized Duration refresh() {
		long started = System.nanoTime();
		DiscoverySnapshot previous = this.snapshot;
		try {
			SeedAnswer answer = this.provider.lookup();
			this.snapshot = previous.withAnswer(this.known.update(answer.seeds()), answer, this.clock.instant(),
					Duration.ofNanos(System.nanoTime() - started), lists(answer, this.self));
			count(this.snapshot);
			if (previous.error() != null) {
				logger.info("Cluster discovery recovered: " + this.provider.query() + " answered "
						+ answer.seeds().size() + " seed(s)");
			}
			return this.pace.afterAnswer(answer.ttl());
		}
		catch (Throwable ex) {
			// Any failure, an Error from a user's provider included, is one failed
			// lookup: the polling goes on.
			String error = (ex instanceof SeedLookupException && ex.getMessage() != null) ? ex.getMessage()
					: describe(ex);
			String fix = (ex instanceof SeedLookupException lookup) ? lookup.fix() : null;
			this.snapshot = previous.withFailure(error, fix, this.clock.instant(),
					Duration.ofNanos(System.nanoTime() - started));
			int failures = this.snapshot.consecutiveFailures();
			count(this.snapshot);
			if (this.closed) {
				return this.pace.afterFailures(failures);
			}
			if (!(ex instanceof SeedLookupException)) {
				logger.warn("Cluster discovery failed unexpectedly, keeping the " + previous.seeds().size()
						+ " seed(s) known so far; the next lookup is in "
						+ this.pace.afterFailures(failures).toSeconds() + " s", ex);
			}
			else if (failures == 1) {
				logger.warn("Cluster discovery failed, keeping the " + previous.seeds().size()
						+ " seed(s) known so far: " + error);
			}
			return this.pace.afterFailures(failures);
		}
	}

	private static boolean lists(SeedAnswer answer, @Nullable InetSocketAddress self) {
		return self != null && answer.seeds().stream().anyMatch((seed) -> seed.address().equals(self));
	}

	private static String describe(Throwable ex) {
		return ex.getClass().getName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
	}

	private void count(DiscoverySnapshot snapshot) {
		this.statistics = this.statistics.add(snapshot.lastLookupDuration(), snapshot.error() == null);
	}

	@Override
	public void close() {
		this.closed = true;
		this.scheduler.shutdownNow();
	}

}
