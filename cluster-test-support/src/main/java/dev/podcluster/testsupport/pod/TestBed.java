package dev.podcluster.testsupport.pod;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The emulated Kubernetes node of a test class: one {@link PodNetwork}, one
 * {@link ClusterDns}, one kubelet. Register it as a static field with
 * {@code @RegisterExtension}. After each test, its pods are deleted; when a test fails,
 * the end of each of its pods' logs is printed. Pod logs go to
 * {@code target/e2e-logs/<test class>/}.
 *
 * @since 0.1.0
 */
public final class TestBed
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, TestWatcher {

	private static final int LOG_TAIL_LINES = 80;

	private @Nullable PodNetwork network;

	private @Nullable ClusterDns dns;

	private @Nullable Kubelet kubelet;

	private final List<Workload> workloads = new ArrayList<>();

	private int firstPodOfTest;

	@Override
	public void beforeAll(ExtensionContext context) {
		Path target = target();
		Path logs = target.resolve("e2e-logs").resolve(context.getRequiredTestClass().getSimpleName());
		try {
			// A pod's log is appended to when a pod of the same name restarts: start each
			// run afresh.
			PodNetwork.deleteRecursively(logs);
			this.network = PodNetwork.create();
			this.dns = ClusterDns.start(this.network);
			this.kubelet = new Kubelet(this.network, this.dns.ip(), logs, target.resolve("e2e-pods"));
		}
		catch (RuntimeException ex) {
			afterAll(context);
			throw ex;
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		try {
			if (this.dns != null) {
				this.dns.close();
			}
		}
		finally {
			if (this.network != null) {
				this.network.close();
			}
		}
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.firstPodOfTest = kubelet().pods().size();
		System.out.println("[e2e] " + context.getDisplayName());
	}

	@Override
	public void afterEach(ExtensionContext context) {
		for (Workload workload : this.workloads) {
			workload.deleteAllNow();
		}
		this.workloads.clear();
		if (!dns().isRunning()) {
			dns().start();
		}
	}

	@Override
	public void testFailed(ExtensionContext context, @Nullable Throwable cause) {
		List<Pod> pods = kubelet().pods();
		StringBuilder report = new StringBuilder("\n[e2e] ").append(context.getDisplayName())
			.append(" failed; the end of each pod's log:\n");
		for (Pod pod : pods.subList(Math.min(this.firstPodOfTest, pods.size()), pods.size())) {
			report.append("----- ")
				.append(pod)
				.append(" pid ")
				.append(pod.pid())
				.append(", ")
				.append(pod.log())
				.append('\n');
			pod.logTail(LOG_TAIL_LINES).forEach((line) -> report.append("  | ").append(line).append('\n'));
		}
		report.append("----- cluster DNS (named), ").append(dns().logFile()).append('\n');
		dns().logTail(20).forEach((line) -> report.append("  | ").append(line).append('\n'));
		System.out.println(report);
	}

	/**
	 * A StatefulSet with {@code podManagementPolicy: Parallel}, its pods deleted after
	 * each test.
	 * @param name the StatefulSet's name (pods {@code <name>-<ordinal>})
	 * @param serviceName its governing headless Service, which publishes the template's
	 * ports
	 * @param namespace the Kubernetes namespace
	 * @param template what its pods run
	 * @return the StatefulSet, with no pod yet
	 */
	public StatefulSet statefulSet(String name, String serviceName, String namespace, PodTemplate template) {
		StatefulSet workload = new StatefulSet(kubelet(), dns().service(serviceName, namespace, template.ports()), name,
				serviceName, namespace, template);
		this.workloads.add(workload);
		return workload;
	}

	/**
	 * A Deployment behind a headless Service, its pods deleted after each test.
	 * @param name the Deployment's name
	 * @param serviceName the headless Service, which publishes the template's ports
	 * @param namespace the Kubernetes namespace
	 * @param template what its pods run
	 * @return the Deployment, with no pod yet
	 */
	public Deployment deployment(String name, String serviceName, String namespace, PodTemplate template) {
		Deployment workload = new Deployment(kubelet(), dns().service(serviceName, namespace, template.ports()), name,
				serviceName, namespace, template);
		this.workloads.add(workload);
		return workload;
	}

	public ClusterDns dns() {
		if (this.dns == null) {
			throw new IllegalStateException("The test bed is not started: register it with @RegisterExtension static");
		}
		return this.dns;
	}

	Kubelet kubelet() {
		if (this.kubelet == null) {
			throw new IllegalStateException("The test bed is not started: register it with @RegisterExtension static");
		}
		return this.kubelet;
	}

	private static Path target() {
		return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target");
	}

}
