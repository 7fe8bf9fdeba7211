package dev.podcluster.testsupport.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pod (one UID) from binding to removal, as kubelet's pod worker does: sandbox,
 * volumes, init containers in order, app containers with probes and restarts, status
 * reports, graceful or forced deletion.
 */
final class PodWorker implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(PodWorker.class);

	private static final Duration TICK = Duration.ofMillis(250);

	private static final Duration MINIMUM_GRACE = Duration.ofSeconds(2);

	private final AgentContext context;

	private final String uid;

	private final Object signal = new Object();

	private volatile Pod pod;

	private volatile boolean forceDeleted;

	private volatile boolean agentStopping;

	private final List<ContainerRun> initContainers = new ArrayList<>();

	private final List<ContainerRun> containers = new ArrayList<>();

	private final Instant startTime = Instant.now();

	private final PodStatusReport report;

	private final PodHostname hostname;

	private final List<String> unsupported;

	private @Nullable PodSandbox sandbox;

	private @Nullable PodVolumes volumes;

	private @Nullable String sandboxProblem;

	private Instant nextSandboxAttempt = Instant.EPOCH;

	private @Nullable Instant terminationDeadline;

	private boolean terminal;

	/** Whether the last status could not be written (the API server unreachable). */
	private boolean statusFailing;

	private volatile boolean finished;

	PodWorker(AgentContext context, Pod pod) {
		this.context = context;
		this.pod = pod;
		this.uid = pod.getMetadata().getUid();
		this.hostname = PodHostname.of(pod, context.options().clusterDomain());
		this.unsupported = UnsupportedFeatures.of(pod);
		if (pod.getSpec().getInitContainers() != null) {
			for (Container container : pod.getSpec().getInitContainers()) {
				this.initContainers.add(new ContainerRun(container, true, "PodInitializing"));
			}
		}
		for (Container container : pod.getSpec().getContainers()) {
			this.containers.add(new ContainerRun(container, false,
					this.initContainers.isEmpty() ? "ContainerCreating" : "PodInitializing"));
		}
		if (!this.initContainers.isEmpty()) {
			this.initContainers.forEach((run) -> run.waiting("PodInitializing", null));
		}
		this.report = new PodStatusReport(context.client(), this.uid);
	}

	String uid() {
		return this.uid;
	}

	boolean finished() {
		return this.finished;
	}

	/**
	 * Take a newer version of the pod object (spec changes other than deletion are
	 * ignored, as kubelet does).
	 */
	void update(Pod pod) {
		this.pod = pod;
		wake();
	}

	/**
	 * The pod object is gone from the API (a forced delete): kill at once and tear down.
	 */
	void forceDelete() {
		this.forceDeleted = true;
		wake();
	}

	/**
	 * The agent stops: kill gracefully within a bound, tear down, leave the pod object.
	 */
	void stopForShutdown() {
		this.agentStopping = true;
		wake();
	}

	private void wake() {
		synchronized (this.signal) {
			this.signal.notifyAll();
		}
	}

	@Override
	public void run() {
		Thread.currentThread().setName("pod-" + name());
		try {
			loop();
		}
		catch (RuntimeException | Error ex) {
			logger.error("Pod {} failed in the agent", name(), ex);
			killAll();
		}
		finally {
			tearDown();
			this.finished = true;
		}
	}

	private void loop() {
		while (true) {
			Instant now = Instant.now();
			if (this.forceDeleted) {
				logger.info("Pod {} was force-deleted: killing its containers", name());
				killAll();
				return;
			}
			if (this.agentStopping) {
				stopAll(Duration.ofSeconds(10));
				return;
			}
			if (this.pod.getMetadata().getDeletionTimestamp() != null && this.terminationDeadline == null) {
				beginTermination(now);
			}
			if (this.terminationDeadline != null) {
				collectExits(now);
				if (allStopped()) {
					finishTermination();
					return;
				}
			}
			else if (!this.unsupported.isEmpty()) {
				String message = "kube-bed does not support " + String.join("; ", this.unsupported)
						+ ": the container is not started";
				allRuns().forEach((run) -> run.waiting("CreateContainerConfigError", message));
			}
			else if (!this.terminal) {
				step(now);
			}
			publish();
			pause();
		}
	}

	private void step(Instant now) {
		if (this.sandbox == null) {
			if (now.isBefore(this.nextSandboxAttempt)) {
				return;
			}
			if (!createSandbox()) {
				this.nextSandboxAttempt = now.plusSeconds(2);
				return;
			}
		}
		collectExits(now);
		ContainerRun pendingInit = this.initContainers.stream()
			.filter((run) -> !run.succeeded())
			.findFirst()
			.orElse(null);
		if (pendingInit != null) {
			if (pendingInit.done()) {
				// An init container failed for good (restartPolicy Never): the pod
				// failed.
				this.terminal = true;
				this.containers.forEach(ContainerRun::markDone);
				releaseSandbox();
				return;
			}
			if (pendingInit.due(now)) {
				start(pendingInit, now);
			}
			return;
		}
		for (ContainerRun run : this.containers) {
			if (run.due(now)) {
				start(run, now);
			}
			if (run.running()) {
				probe(run, now);
			}
		}
		if (this.containers.stream().allMatch(ContainerRun::done)) {
			this.terminal = true;
			releaseSandbox();
		}
	}

	private boolean createSandbox() {
		String node = this.pod.getSpec().getNodeName();
		try {
			PodSandbox created = this.context.network().create(node, shortId());
			this.sandbox = created;
			Path directory = podDirectory();
			Files.createDirectories(directory);
			List<String> ips = List.of(created.ip());
			Files.writeString(directory.resolve("hosts"), HostsFile.render(ips, this.hostname,
					(this.pod.getSpec().getHostAliases() != null) ? this.pod.getSpec().getHostAliases() : List.of()));
			Files.writeString(directory.resolve("resolv.conf"),
					ResolvConf
						.forPod(this.pod, this.context.hostResolvConf(), this.context.options().clusterDns(),
								this.context.options().clusterDomain())
						.render());
			Files.writeString(directory.resolve("hostname"), this.hostname.hostname() + "\n");
			this.volumes = new PodVolumes(this.pod, directory.resolve("volumes"), this.context.objects(),
					new ServiceAccountTokens(this.context.client()));
			this.sandboxProblem = null;
			logger.info("Pod {} on {}: sandbox {} with IP {}", name(), node, created.netns(), created.ip());
			return true;
		}
		catch (IOException | RuntimeException ex) {
			this.sandboxProblem = ex.getMessage();
			logger.warn("Pod {}: could not create its sandbox yet: {}", name(), ex.getMessage());
			if (this.sandbox != null) {
				this.context.network().remove(this.sandbox, true);
				this.sandbox = null;
			}
			return false;
		}
	}

	private void start(ContainerRun run, Instant now) {
		Container spec = run.spec();
		ContainerLaunch launch = new ContainerLaunch(this.context, this.pod, this.sandbox, this.volumes, this.hostname,
				podDirectory());
		try {
			LaunchedContainer launched = launch.start(spec, run.nextRestartCount());
			run.launched(launched, now);
			logger.info("Pod {}: started container {} (pid {}, restart {}): {}", name(), spec.getName(),
					launched.process().pid(), launched.restartCount(), String.join(" ", launched.command()));
			LifecycleHandler postStart = (spec.getLifecycle() != null) ? spec.getLifecycle().getPostStart() : null;
			if (postStart != null) {
				runPostStart(run, launched, postStart);
			}
		}
		catch (ContainerLaunch.NotStarted ex) {
			if (ex.getCause() != null) {
				logger.warn("Pod {}: could not start container {}", name(), spec.getName(), ex.getCause());
			}
			run.notStarted(ex.reason(), ex.getMessage(), now.plus(ex.retryAfter()));
		}
	}

	private void runPostStart(ContainerRun run, LaunchedContainer launched, LifecycleHandler handler) {
		Process process = launched.process();
		ContainerScript script = launched.script();
		CompletableFuture
			.supplyAsync(() -> runHandler(handler, script, process.pid(), run, Duration.ofSeconds(30)),
					this.context.background())
			.thenAccept((result) -> {
				if (!result.success() && process.isAlive()) {
					logger.info("Pod {}: PostStartHook of {} failed ({}): killing it", name(), run.name(),
							result.message());
					process.destroyForcibly();
				}
			});
	}

	private ProbeRunner.Result runHandler(LifecycleHandler handler, ContainerScript script, long pid, ContainerRun run,
			Duration timeout) {
		if (handler.getExec() != null) {
			return this.context.probes().exec(handler.getExec(), script, pid, timeout);
		}
		if (handler.getHttpGet() != null) {
			return this.context.probes().httpGet(handler.getHttpGet(), podIp(), run.spec().getPorts(), timeout);
		}
		if (handler.getTcpSocket() != null) {
			return this.context.probes().tcpSocket(handler.getTcpSocket(), podIp(), run.spec().getPorts(), timeout);
		}
		if (handler.getSleep() != null) {
			long seconds = Math.min(handler.getSleep().getSeconds(), timeout.toSeconds());
			try {
				Thread.sleep(Duration.ofSeconds(seconds).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return new ProbeRunner.Result(true, "");
		}
		return new ProbeRunner.Result(false, "unsupported lifecycle handler");
	}

	private void probe(ContainerRun run, Instant now) {
		if (run.stopping()) {
			return;
		}
		ProbeTracker startup = run.startupProbe();
		if (startup != null && !run.started()) {
			if (check(run, startup, now)) {
				if (startup.succeeded()) {
					run.startupSucceeded(now);
				}
				else if (startup.failed()) {
					restartForProbe(run, "Startup", startup);
					return;
				}
			}
			run.ready(false);
			return;
		}
		ProbeTracker liveness = run.livenessProbe();
		if (liveness != null && check(run, liveness, now) && liveness.failed()) {
			restartForProbe(run, "Liveness", liveness);
			return;
		}
		ProbeTracker readiness = run.readinessProbe();
		if (readiness != null) {
			check(run, readiness, now);
			run.ready(readiness.succeeded());
		}
		else {
			run.ready(run.started());
		}
	}

	/** Start a due probe, or take the result of one that finished. */
	private boolean check(ContainerRun run, ProbeTracker tracker, Instant now) {
		CompletableFuture<ProbeRunner.Result> inFlight = run.probeInFlight(tracker);
		if (inFlight != null) {
			if (!inFlight.isDone()) {
				return false;
			}
			run.probeEnded(tracker);
			ProbeRunner.Result result = inFlight.getNow(new ProbeRunner.Result(false, "probe error"));
			tracker.record(result.success(), result.message(), Instant.now());
			return true;
		}
		if (tracker.due(now)) {
			Probe probe = tracker.probe();
			ContainerScript script = run.launched().script();
			long pid = run.process().pid();
			Duration timeout = tracker.timeout();
			run.probeStarted(tracker, CompletableFuture.supplyAsync(() -> runProbe(probe, run, script, pid, timeout),
					this.context.background()));
		}
		return false;
	}

	private ProbeRunner.Result runProbe(Probe probe, ContainerRun run, ContainerScript script, long pid,
			Duration timeout) {
		if (probe.getHttpGet() != null) {
			return this.context.probes().httpGet(probe.getHttpGet(), podIp(), run.spec().getPorts(), timeout);
		}
		if (probe.getTcpSocket() != null) {
			return this.context.probes().tcpSocket(probe.getTcpSocket(), podIp(), run.spec().getPorts(), timeout);
		}
		if (probe.getExec() != null) {
			return this.context.probes().exec(probe.getExec(), script, pid, timeout);
		}
		return new ProbeRunner.Result(false, "unsupported probe handler");
	}

	private void restartForProbe(ContainerRun run, String kind, ProbeTracker tracker) {
		logger.info("Pod {}: {} probe of {} failed ({}): restarting it", name(), kind, run.name(),
				tracker.lastMessage());
		Long probeGrace = tracker.probe().getTerminationGracePeriodSeconds();
		Duration grace = Duration.ofSeconds((probeGrace != null) ? probeGrace : podGracePeriod());
		run.beginStop();
		stopAsync(run, Instant.now().plus(grace), null);
	}

	/** Note processes that ended, and decide about restarts. */
	private void collectExits(Instant now) {
		for (ContainerRun run : allRuns()) {
			Process process = run.process();
			if (process == null || process.isAlive()) {
				continue;
			}
			int exitCode = process.exitValue();
			LaunchedContainer launched = run.launched();
			boolean setUp = launched != null
					&& Files.exists(launched.directory().resolve(ContainerScript.STARTED_MARKER));
			ContainerStateTerminated termination = run.exited(exitCode, now);
			killDescendantsOf(process);
			if (!setUp) {
				String message = lastLines(launched);
				termination.setReason("StartError");
				termination.setMessage(message);
				logger.warn("Pod {}: container {} could not be set up: {}", name(), run.name(), message);
			}
			logger.info("Pod {}: container {} exited with {}", name(), run.name(), exitCode);
			if (this.terminationDeadline != null || this.agentStopping) {
				run.finished(termination);
				continue;
			}
			if (shouldRestart(run, exitCode)) {
				Instant restartAt = run.restartAfter(termination, now);
				if (restartAt.isAfter(now)) {
					run.waiting("CrashLoopBackOff",
							"back-off " + Duration.between(now, restartAt).toSeconds()
									+ "s restarting failed container=" + run.name() + " pod=" + name() + "_"
									+ this.pod.getMetadata().getNamespace() + "(" + this.uid + ")");
				}
				else {
					run.waiting("ContainerCreating", null);
				}
			}
			else {
				run.finished(termination);
			}
		}
	}

	private boolean shouldRestart(ContainerRun run, int exitCode) {
		String policy = restartPolicy();
		if (run.init()) {
			return exitCode != 0 && !policy.equals("Never");
		}
		return policy.equals("Always") || (policy.equals("OnFailure") && exitCode != 0);
	}

	private String restartPolicy() {
		String policy = this.pod.getSpec().getRestartPolicy();
		return (policy != null) ? policy : "Always";
	}

	private void beginTermination(Instant now) {
		Long grace = this.pod.getMetadata().getDeletionGracePeriodSeconds();
		long seconds = (grace != null) ? grace : podGracePeriod();
		this.terminationDeadline = now.plusSeconds(seconds);
		logger.info("Pod {} is being deleted: stopping its containers within {} s", name(), seconds);
		for (ContainerRun run : allRuns()) {
			run.markDone();
			if (run.running() && !run.stopping()) {
				run.beginStop();
				LifecycleHandler preStop = (run.spec().getLifecycle() != null) ? run.spec().getLifecycle().getPreStop()
						: null;
				stopAsync(run, this.terminationDeadline, preStop);
			}
			else {
				run.keepLastTermination();
			}
		}
	}

	/**
	 * Stop a container as kubelet does: the preStop hook (bounded by the grace period),
	 * SIGTERM, then SIGKILL when the grace period is over (at least 2 s after SIGTERM).
	 */
	private void stopAsync(ContainerRun run, Instant deadline, @Nullable LifecycleHandler preStop) {
		Process process = run.process();
		LaunchedContainer launched = run.launched();
		if (process == null || launched == null) {
			return;
		}
		ContainerScript script = launched.script();
		this.context.background().execute(() -> {
			if (preStop != null) {
				Duration left = Duration.between(Instant.now(), deadline);
				if (!left.isNegative() && !left.isZero()) {
					ProbeRunner.Result result = runHandler(preStop, script, process.pid(), run, left);
					if (!result.success()) {
						logger.info("Pod {}: PreStopHook of {} failed: {}", name(), run.name(), result.message());
					}
				}
			}
			process.destroy();
			Instant killAt = deadline;
			Instant earliest = Instant.now().plus(MINIMUM_GRACE);
			if (killAt.isBefore(earliest)) {
				killAt = earliest;
			}
			try {
				long wait = Duration.between(Instant.now(), killAt).toMillis();
				if (!process.waitFor(Math.max(0, wait), TimeUnit.MILLISECONDS)) {
					logger.info("Pod {}: container {} did not stop in time: SIGKILL", name(), run.name());
					process.descendants().forEach(ProcessHandle::destroyForcibly);
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
			}
			wake();
		});
	}

	private boolean allStopped() {
		return allRuns().stream().noneMatch(ContainerRun::running);
	}

	private void finishTermination() {
		this.terminal = true;
		publish();
		releaseSandbox();
		deletePodObject();
	}

	/**
	 * Delete the pod object now that it stopped, with a UID precondition so a successor
	 * is never touched.
	 */
	private void deletePodObject() {
		String path = "api/v1/namespaces/" + this.pod.getMetadata().getNamespace() + "/pods/" + name();
		DeleteOptions options = new DeleteOptionsBuilder().withGracePeriodSeconds(0L)
			.withNewPreconditions()
			.withUid(this.uid)
			.endPreconditions()
			.build();
		try {
			KubernetesClient client = this.context.client();
			String master = client.getMasterUrl().toString();
			HttpRequest request = client.getHttpClient()
				.newHttpRequestBuilder()
				.uri(master + (master.endsWith("/") ? "" : "/") + path)
				.delete("application/json", client.getKubernetesSerialization().asJson(options))
				.build();
			HttpResponse<String> response = client.getHttpClient()
				.sendAsync(request, String.class)
				.get(30, TimeUnit.SECONDS);
			if (response.code() >= 300 && response.code() != 404 && response.code() != 409) {
				logger.warn("Pod {}: delete answered {}: {}", name(), response.code(), response.body());
			}
			else {
				logger.info("Pod {} stopped and deleted", name());
			}
		}
		catch (Exception ex) {
			logger.warn("Pod {}: could not delete the pod object", name(), ex);
		}
	}

	/** Stop every container within a bound, for the agent's shutdown. */
	private void stopAll(Duration bound) {
		Instant deadline = Instant.now().plus(bound);
		for (ContainerRun run : allRuns()) {
			if (run.running()) {
				stopAsync(run, deadline, null);
			}
		}
		while (!allStopped() && Instant.now().isBefore(deadline.plusSeconds(5))) {
			collectExits(Instant.now());
			pause();
		}
		killAll();
	}

	private void killAll() {
		for (ContainerRun run : allRuns()) {
			Process process = run.process();
			if (process != null) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				try {
					process.waitFor(5, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				run.exited(process.isAlive() ? 137 : process.exitValue(), Instant.now());
			}
		}
	}

	private static void killDescendantsOf(Process process) {
		try {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
		}
		catch (RuntimeException ex) {
			// Gone already.
		}
	}

	private void releaseSandbox() {
		if (this.sandbox != null && !this.report.isSandboxRemoved()) {
			this.context.network().remove(this.sandbox, true);
			logger.info("Pod {}: sandbox {} removed, IP {} released", name(), this.sandbox.netns(), this.sandbox.ip());
			this.report.sandboxRemoved();
		}
	}

	private void tearDown() {
		killAll();
		releaseSandbox();
		PodFiles.deleteRecursively(podDirectory());
	}

	private void publish() {
		if (this.forceDeleted) {
			return;
		}
		try {
			this.report.publish(this.pod, this.startTime, this.sandbox, this.sandboxProblem, this.initContainers,
					this.containers, this.context.options().gateway(),
					this.terminal || this.terminationDeadline != null && allStopped());
		}
		catch (KubernetesClientException ex) {
			// 404: gone; 409: conflict; 422: the name now belongs to a successor (the UID
			// in the patch differs).
			if (ex.getCode() != 404 && ex.getCode() != 409 && ex.getCode() != 422 && !this.statusFailing) {
				// Once per outage: the next ticks try again without a word.
				this.statusFailing = true;
				logger.warn("Pod {}: could not report status (retried every tick): {}", name(), ex.getMessage());
			}
			return;
		}
		if (this.statusFailing) {
			this.statusFailing = false;
			logger.info("Pod {}: status reported again", name());
		}
	}

	private void pause() {
		synchronized (this.signal) {
			try {
				this.signal.wait(TICK.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.agentStopping = true;
			}
		}
	}

	private List<ContainerRun> allRuns() {
		return Stream.concat(this.initContainers.stream(), this.containers.stream()).toList();
	}

	private String podIp() {
		PodSandbox current = this.sandbox;
		return (current != null) ? current.ip() : "127.0.0.1";
	}

	private long podGracePeriod() {
		Long grace = this.pod.getSpec().getTerminationGracePeriodSeconds();
		return (grace != null) ? grace : 30;
	}

	private String name() {
		return this.pod.getMetadata().getName();
	}

	private String shortId() {
		return this.uid.replace("-", "").substring(0, 10);
	}

	private Path podDirectory() {
		return this.context.podsDirectory().resolve(this.uid);
	}

	private static String lastLines(@Nullable LaunchedContainer launched) {
		if (launched == null) {
			return "container set-up failed";
		}
		Path log = launched.log();
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return "container set-up failed: "
					+ String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
		}
		catch (IOException | RuntimeException ex) {
			return "container set-up failed; see " + log;
		}
	}

}
