package dev.podcluster.testsupport.pod;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The pod network of an emulated Kubernetes node: a Linux bridge in the root namespace
 * holding 10.244.0.1/16, so this JVM reaches every pod directly, and one network
 * namespace per pod plugged into it. Nothing is routed or forwarded anywhere else: pods
 * have no default route, so no packet leaves the machine. Everything it creates
 * (processes, namespaces, links, /etc/netns files) is removed by {@link #close()} or, if
 * the JVM stops first, by a shutdown hook; pod processes also die with this JVM through
 * their parent-death signal.
 *
 * @since 0.1.0
 */
public final class PodNetwork implements AutoCloseable {

	/** The bridge's address in the root namespace, the pods' on-link neighbour. */
	static final String GATEWAY = "10.244.0.1";

	private static final String PREFIX_LENGTH = "16";

	private static final String OWNER_TAG = "podcluster-e2e pid=";

	private static final Duration KILL_BOUND = Duration.ofSeconds(10);

	private final String id;

	private final String bridge;

	private final AtomicInteger nextHost = new AtomicInteger(10);

	private final AtomicInteger nextLink = new AtomicInteger();

	private final Set<PodSandbox> sandboxes = ConcurrentHashMap.newKeySet();

	private final Set<Process> processes = ConcurrentHashMap.newKeySet();

	/**
	 * The one thread that starts every pod process: a process's parent-death signal fires
	 * when the thread that forked it ends, so that thread lives as long as the network.
	 */
	private final ExecutorService launcher = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "pod-launcher");
		thread.setDaemon(true);
		return thread;
	});

	private final Thread shutdownHook = new Thread(this::closeOnExit, "pod-network-cleanup");

	private final AtomicBoolean closed = new AtomicBoolean();

	private PodNetwork(String id) {
		this.id = id;
		this.bridge = "pcbr" + id;
	}

	/**
	 * Create the bridge, after checking that this process may create network namespaces.
	 * @return the network, empty
	 * @throws IllegalStateException when not root, when iproute2 or util-linux is
	 * missing, or when 10.244.0.0/16 is already in use (another end-to-end run)
	 */
	public static PodNetwork create() {
		String id = randomId();
		checkPrerequisites(id);
		removeLeftovers();
		checkRangeFree();
		PodNetwork network = new PodNetwork(id);
		Runtime.getRuntime().addShutdownHook(network.shutdownHook);
		try {
			HostCommand.of("ip", "link", "add", "name", network.bridge, "type", "bridge").run();
			HostCommand
				.of("ip", "link", "set", "dev", network.bridge, "alias", OWNER_TAG + ProcessHandle.current().pid())
				.run();
			HostCommand.of("ip", "addr", "add", GATEWAY + "/" + PREFIX_LENGTH, "dev", network.bridge).run();
			HostCommand.of("ip", "link", "set", "dev", network.bridge, "up").run();
		}
		catch (RuntimeException ex) {
			network.close();
			throw ex;
		}
		return network;
	}

	/**
	 * Create a pod sandbox with the next free pod IP.
	 * @param label what the namespace is for, part of its name
	 * @return the sandbox, its link up, without /etc files yet
	 */
	PodSandbox newSandbox(String label) {
		return newSandbox(label, nextIp());
	}

	/**
	 * Create a pod sandbox with a given IP.
	 * @param label what the namespace is for, part of its name
	 * @param ip an unused address in 10.244.0.0/16
	 * @return the sandbox, its link up, without /etc files yet
	 */
	PodSandbox newSandbox(String label, String ip) {
		checkOpen();
		String netns = "pc" + this.id + "-" + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
		String hostVeth = "pcv" + this.id + this.nextLink.incrementAndGet();
		PodSandbox sandbox = new PodSandbox(netns, hostVeth, ip);
		this.sandboxes.add(sandbox);
		try {
			HostCommand.of("ip", "netns", "add", netns).run();
			HostCommand
				.of("ip", "link", "add", "name", hostVeth, "type", "veth", "peer", "name", "eth0", "netns", netns)
				.run();
			HostCommand.of("ip", "link", "set", "dev", hostVeth, "master", this.bridge).run();
			HostCommand.of("ip", "link", "set", "dev", hostVeth, "up").run();
			HostCommand.of("ip", "-n", netns, "addr", "add", ip + "/" + PREFIX_LENGTH, "dev", "eth0").run();
			HostCommand.of("ip", "-n", netns, "link", "set", "dev", "eth0", "up").run();
			HostCommand.of("ip", "-n", netns, "link", "set", "dev", "lo", "up").run();
		}
		catch (RuntimeException ex) {
			remove(sandbox);
			throw ex;
		}
		return sandbox;
	}

	/**
	 * Start a process in a sandbox, in a UTS namespace of its own with the given
	 * hostname, with exactly the given environment (nothing inherited from this JVM).
	 * @param sandbox the pod's sandbox
	 * @param hostname the pod's hostname
	 * @param environment its environment
	 * @param command the container's command
	 * @param workingDirectory its working directory
	 * @param log the file that collects its standard output and error
	 * @return the process, whose PID is the container process's own
	 */
	Process launch(PodSandbox sandbox, String hostname, Map<String, String> environment, List<String> command,
			Path workingDirectory, Path log) {
		checkOpen();
		List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", sandbox.netns(),
				// Dies with this JVM even if it is killed; each of these execs the next,
				// so the PID stays.
				"setpriv", "--pdeathsig", "KILL", "--", "unshare", "--uts", "--", "sh", "-c",
				"hostname \"$1\" && shift && exec \"$@\"", "sh", hostname));
		full.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(full).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().clear();
		builder.environment().putAll(environment);
		try {
			Files.createDirectories(workingDirectory);
			Files.createDirectories(log.getParent());
			Process process = this.launcher.submit(builder::start).get(30, TimeUnit.SECONDS);
			this.processes.add(process);
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not start `" + String.join(" ", full) + "`", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting a pod", ex);
		}
	}

	/**
	 * Delete a sandbox: its namespace (and with it the veth pair) and its /etc files. Its
	 * processes must have exited.
	 * @param sandbox the sandbox
	 */
	void remove(PodSandbox sandbox) {
		List<String> problems = new ArrayList<>();
		// Deleting the veth first takes both ends away at once: the namespace itself may
		// outlive its name
		// while the kernel finishes closing the pod's orphaned TCP connections, but with
		// no link to anywhere.
		HostCommand.Result unlinked = HostCommand.of("ip", "link", "delete", "dev", sandbox.hostVeth()).runQuietly();
		if (unlinked.status() != 0 && !unlinked.output().contains("Cannot find device")) {
			problems.add(unlinked.output().strip());
		}
		HostCommand.Result deleted = HostCommand.of("ip", "netns", "delete", sandbox.netns()).runQuietly();
		if (deleted.status() != 0 && !deleted.output().contains("No such file")) {
			problems.add(deleted.output().strip());
		}
		try {
			deleteRecursively(sandbox.etcDirectory());
		}
		catch (UncheckedIOException ex) {
			problems.add(ex.getMessage());
		}
		this.sandboxes.remove(sandbox);
		if (!problems.isEmpty()) {
			System.err.println("[e2e] cleanup of " + sandbox + ": " + problems);
		}
	}

	/** Kill every process still running (by PID), delete every sandbox and the bridge. */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		for (Process process : this.processes) {
			if (process.isAlive()) {
				process.destroyForcibly();
			}
		}
		for (Process process : this.processes) {
			try {
				if (!process.waitFor(KILL_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
					System.err.println("[e2e] process " + process.pid() + " did not exit after SIGKILL");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		for (PodSandbox sandbox : List.copyOf(this.sandboxes)) {
			remove(sandbox);
		}
		HostCommand.Result deleted = HostCommand.of("ip", "link", "delete", "dev", this.bridge).runQuietly();
		if (deleted.status() != 0 && !deleted.output().contains("Cannot find device")) {
			System.err.println("[e2e] could not delete bridge " + this.bridge + ": " + deleted.output().strip());
		}
		this.launcher.shutdownNow();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down: this is the hook.
		}
	}

	private void closeOnExit() {
		if (!this.closed.get()) {
			System.err.println("[e2e] JVM exiting: removing pods, namespaces and bridge " + this.bridge);
			close();
		}
	}

	private void checkOpen() {
		if (this.closed.get()) {
			throw new IllegalStateException("Pod network " + this.bridge + " is closed");
		}
	}

	private String nextIp() {
		while (true) {
			int host = this.nextHost.getAndIncrement();
			int low = host % 256;
			if (low != 0 && low != 255) {
				return "10.244." + (host / 256) + "." + low;
			}
		}
	}

	private static String randomId() {
		return String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
	}

	private static void checkPrerequisites(String id) {
		String needs = "Every emulated pod runs in its own network and UTS namespace: that needs root "
				+ "(CAP_SYS_ADMIN and CAP_NET_ADMIN, as in CI), iproute2 (`ip`), util-linux (`unshare`, `setpriv`) "
				+ "and `hostname` (Debian: apt-get install -y iproute2 util-linux hostname); run the tests as root.";
		for (String tool : List.of("ip", "unshare", "setpriv", "hostname", "sh")) {
			if (!onPath(tool)) {
				throw new IllegalStateException(needs + " `" + tool + "` is not on the PATH.");
			}
		}
		String probe = "pc" + id + "-probe";
		HostCommand.Result added = HostCommand.of("ip", "netns", "add", probe).runQuietly();
		if (added.status() != 0) {
			throw new IllegalStateException(
					needs + " `ip netns add` failed (running as uid " + uid() + "): " + added.output().strip());
		}
		HostCommand.of("ip", "netns", "delete", probe).runQuietly();
	}

	private static boolean onPath(String tool) {
		String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
		return Stream.of(path.split(":")).anyMatch((dir) -> Files.isExecutable(Path.of(dir, tool)));
	}

	private static String uid() {
		try {
			return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "?";
		}
	}

	/**
	 * Remove bridges, namespaces and /etc/netns files left by a run whose JVM died
	 * without cleaning up.
	 */
	private static void removeLeftovers() {
		try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
			for (Path link : links.filter((l) -> l.getFileName().toString().startsWith("pcbr")).toList()) {
				String name = link.getFileName().toString();
				String alias = Files.readString(link.resolve("ifalias")).strip();
				if (!alias.startsWith(OWNER_TAG)) {
					continue;
				}
				long owner = Long.parseLong(alias.substring(OWNER_TAG.length()));
				if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
					continue;
				}
				String id = name.substring("pcbr".length());
				try (Stream<Path> veths = Files.list(Path.of("/sys/class/net"))) {
					for (Path veth : veths.filter((l) -> l.getFileName().toString().startsWith("pcv" + id)).toList()) {
						HostCommand.of("ip", "link", "delete", "dev", veth.getFileName().toString()).runQuietly();
					}
				}
				for (String line : HostCommand.of("ip", "netns", "list").run().lines().toList()) {
					String netns = line.split(" ")[0];
					if (!netns.startsWith("pc" + id + "-")) {
						continue;
					}
					String pids = HostCommand.of("ip", "netns", "pids", netns).runQuietly().output().strip();
					if (pids.isEmpty()) {
						HostCommand.of("ip", "netns", "delete", netns).runQuietly();
						deleteRecursively(Path.of("/etc/netns", netns));
					}
					else {
						System.err.println("[e2e] leftover namespace " + netns + " still has processes "
								+ pids.lines().toList()
								+ " (left running by a run that died); its link is gone, the rest is left alone");
					}
				}
				HostCommand.of("ip", "link", "delete", "dev", name).runQuietly();
				System.out.println("[e2e] removed " + name + " and its namespaces, left by dead process " + owner);
			}
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("[e2e] could not look for leftovers of earlier runs: " + ex);
		}
	}

	private static void checkRangeFree() {
		for (String line : HostCommand.of("ip", "-o", "-4", "addr", "show").run().lines().toList()) {
			if (line.contains(" inet 10.244.")) {
				String device = line.split("\\s+")[1];
				throw new IllegalStateException("The pod range 10.244.0.0/16 is already in use on " + device
						+ " (another end-to-end run going on?). If it is a leftover: `ip link delete dev " + device
						+ "`. Address: " + line.strip());
			}
		}
	}

	/**
	 * Delete a directory and everything in it, if it exists.
	 * @param directory the directory
	 * @throws UncheckedIOException when something in it could not be deleted
	 */
	static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + directory + ": " + ex, ex);
		}
	}

}
