package dev.podcluster.testsupport.pod;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.podcluster.testsupport.dns.HeadlessService;

/**
 * Pods of one controller behind a headless Service with
 * {@code publishNotReadyAddresses: true}: a pod is in DNS from the moment it has an IP
 * until it is deleted (terminating pods leave DNS first).
 *
 * @since 0.1.0
 */
public abstract sealed class Workload permits StatefulSet, Deployment {

	final Kubelet kubelet;

	final HeadlessService service;

	final String name;

	final String serviceName;

	final String namespace;

	final PodTemplate template;

	final List<Pod> pods = new CopyOnWriteArrayList<>();

	Workload(Kubelet kubelet, HeadlessService service, String name, String serviceName, String namespace,
			PodTemplate template) {
		this.kubelet = kubelet;
		this.service = service;
		this.name = name;
		this.serviceName = serviceName;
		this.namespace = namespace;
		this.template = template;
	}

	/** The running pods, oldest first. */
	public List<Pod> pods() {
		return List.copyOf(this.pods);
	}

	/** The headless Service's name in DNS, without final dot. */
	public String serviceFqdn() {
		return this.serviceName + "." + this.namespace + ".svc." + Kubelet.CLUSTER_DOMAIN;
	}

	/**
	 * Start pods all at once: sandboxes and DNS records first, then every container back
	 * to back.
	 * @param specs the pods
	 * @return the started pods
	 */
	List<Pod> startAll(List<PodSpec> specs) {
		List<PodSandbox> sandboxes = new ArrayList<>();
		for (PodSpec spec : specs) {
			PodSandbox sandbox = this.kubelet.createSandbox(spec);
			sandboxes.add(sandbox);
			boolean named = spec.subdomain() != null && spec.subdomain().equals(this.serviceName);
			this.service.addEndpoint(named ? spec.effectiveHostname() : null, address(sandbox.ip()));
		}
		List<Pod> started = new ArrayList<>();
		for (int i = 0; i < specs.size(); i++) {
			Pod pod = this.kubelet.start(specs.get(i), sandboxes.get(i));
			this.pods.add(pod);
			started.add(pod);
		}
		return started;
	}

	/**
	 * Delete pods gracefully, all at once: each leaves DNS, gets SIGTERM, and SIGKILL
	 * after the grace period.
	 * @param victims the pods
	 * @return the pods that did not exit within the grace period
	 */
	public List<Pod> terminate(Collection<Pod> victims) {
		List<Callable<Boolean>> terminations = new ArrayList<>();
		for (Pod pod : victims) {
			this.pods.remove(pod);
			this.service.removeEndpoint(address(pod.ip()));
			terminations.add(() -> this.kubelet.terminate(pod, gracePeriod()));
		}
		List<Boolean> exited = inParallel(terminations, gracePeriod().plusSeconds(30));
		List<Pod> overran = new ArrayList<>();
		int i = 0;
		for (Pod pod : victims) {
			if (!exited.get(i++)) {
				overran.add(pod);
			}
		}
		return overran;
	}

	/**
	 * Scales down as the controller does: SIGTERM to every pod past {@code replicas} in
	 * the given order, at once.
	 * @param ordered the pods, the ones to keep first
	 * @param replicas how many to keep
	 * @return the pods terminated
	 * @throws AssertionError when a terminated pod did not exit within the grace period
	 */
	List<Pod> terminateBeyond(List<Pod> ordered, int replicas) {
		List<Pod> surplus = ordered.subList(replicas, ordered.size());
		List<Pod> overran = terminate(surplus);
		if (!overran.isEmpty()) {
			throw new AssertionError(
					overran + " did not exit within " + gracePeriod().toSeconds() + " s of SIGTERM and were SIGKILLed");
		}
		return surplus;
	}

	/**
	 * Delete one pod gracefully.
	 * @param pod the pod
	 * @throws AssertionError when it did not exit within the grace period
	 */
	public void terminate(Pod pod) {
		if (!terminate(List.of(pod)).isEmpty()) {
			throw new AssertionError(pod + " did not exit within " + gracePeriod().toSeconds()
					+ " s of SIGTERM and was SIGKILLed; its log ends with:\n" + String.join("\n", pod.logTail(40)));
		}
	}

	/**
	 * SIGKILL a pod's container, then delete the pod (out of DNS, sandbox gone).
	 * @param pod the pod
	 */
	public void kill(Pod pod) {
		this.pods.remove(pod);
		this.kubelet.kill(pod);
		this.service.removeEndpoint(address(pod.ip()));
	}

	/** Delete every pod at once, without grace: cleanup after a test. */
	public void deleteAllNow() {
		for (Pod pod : pods()) {
			try {
				kill(pod);
			}
			catch (RuntimeException ex) {
				System.err.println("[e2e] cleanup of " + pod + ": " + ex);
			}
		}
	}

	private Duration gracePeriod() {
		return this.template.terminationGracePeriod();
	}

	static InetAddress address(String ip) {
		try {
			return InetAddress.getByName(ip);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ip, ex);
		}
	}

	static <T> List<T> inParallel(List<Callable<T>> tasks, Duration bound) {
		if (tasks.isEmpty()) {
			return List.of();
		}
		ExecutorService executor = Executors.newFixedThreadPool(tasks.size());
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> task : tasks) {
				futures.add(executor.submit(task));
			}
			long deadline = System.nanoTime() + bound.toNanos();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
			}
			return results;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Not done within " + bound.toSeconds() + " s", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
