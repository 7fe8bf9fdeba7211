package dev.podcluster.testsupport.kube;

import java.time.Instant;
import java.util.List;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodStatusReportTests {

	private final Pod pod = HostsFileTests.pod("web", null, null);

	@Test
	void podWaitsInPendingUntilEveryContainerRan() {
		assertThat(PodStatusReport.phase(this.pod, List.of(), List.of(run("a")), false)).isEqualTo("Pending");
	}

	@Test
	void initContainersKeepThePodPendingAndFailItUnderNever() {
		ContainerRun init = new ContainerRun(new ContainerBuilder().withName("init").build(), true, "PodInitializing");
		assertThat(PodStatusReport.phase(this.pod, List.of(init), List.of(run("a")), false)).isEqualTo("Pending");
		this.pod.getSpec().setRestartPolicy("Never");
		init.finished(init.exited(1, Instant.now()));
		assertThat(PodStatusReport.phase(this.pod, List.of(init), List.of(run("a")), false)).isEqualTo("Failed");
	}

	@Test
	void aRestartingContainerKeepsThePodRunning() {
		ContainerRun restarting = run("a");
		restarting.restartAfter(restarting.exited(3, Instant.now()), Instant.now());
		assertThat(PodStatusReport.phase(this.pod, List.of(), List.of(restarting), false)).isEqualTo("Running");
	}

	@Test
	void completedContainersEndThePodByRestartPolicy() {
		this.pod.getSpec().setRestartPolicy("Never");
		ContainerRun ok = run("a");
		ok.finished(ok.exited(0, Instant.now()));
		ContainerRun failed = run("b");
		failed.finished(failed.exited(2, Instant.now()));
		assertThat(PodStatusReport.phase(this.pod, List.of(), List.of(ok), true)).isEqualTo("Succeeded");
		assertThat(PodStatusReport.phase(this.pod, List.of(), List.of(ok, failed), true)).isEqualTo("Failed");
	}

	@Test
	void qosClassFollowsRequestsAndLimits() {
		assertThat(PodStatusReport.qosClass(this.pod)).isEqualTo("BestEffort");
		this.pod.getSpec()
			.getContainers()
			.get(0)
			.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
				.addToLimits("cpu", new Quantity("1"))
				.addToLimits("memory", new Quantity("1Gi"))
				.addToRequests("cpu", new Quantity("1000m"))
				.addToRequests("memory", new Quantity("1Gi"))
				.build());
		assertThat(PodStatusReport.qosClass(this.pod)).isEqualTo("Guaranteed");
		this.pod.getSpec().getContainers().get(0).getResources().getRequests().put("cpu", new Quantity("100m"));
		assertThat(PodStatusReport.qosClass(this.pod)).isEqualTo("Burstable");
	}

	@Test
	void aStatusTheNodeControllerChangedIsWrittenAgain() {
		PodStatus ours = status("Running", "True");
		assertThat(PodStatusReport.agrees(status("Running", "True"), ours)).isTrue();
		// The node lifecycle controller marks the pods of a Node it lost NotReady.
		assertThat(PodStatusReport.agrees(status("Running", "False"), ours)).isFalse();
		assertThat(PodStatusReport.agrees(status("Pending", "True"), ours)).isFalse();
		assertThat(PodStatusReport.agrees(new PodStatus(), ours)).isFalse();
		assertThat(PodStatusReport.agrees(null, ours)).isFalse();
	}

	private static PodStatus status(String phase, String ready) {
		return new PodStatusBuilder().withPhase(phase)
			.addNewCondition()
			.withType("ContainersReady")
			.withStatus(ready)
			.endCondition()
			.addNewCondition()
			.withType("Ready")
			.withStatus(ready)
			.endCondition()
			.build();
	}

	private static ContainerRun run(String name) {
		return new ContainerRun(new ContainerBuilder().withName(name).build(), false, "ContainerCreating");
	}

}
