package dev.podcluster.testsupport.kube;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ContainerScriptTests {

	private final Pod pod = HostsFileTests.pod("web", null, null);

	@Test
	void parentMountsComeBeforeTheirChildrenAndTargetsAreResolvedInsideTheRoot() {
		String script = script(List.of(new ContainerScript.Mount(Path.of("/s/b"), "/data/cache/b", false, false),
				new ContainerScript.Mount(Path.of("/s/a"), "/data", false, true)), user())
			.render();
		assertThat(script.indexOf("kb_bind '/s/a' '/data' dir ro")).isLessThan(script.indexOf("kb_bind '/s/b'"));
		assertThat(script).contains("chroot '/state/pods/u/containers/app/0/root' /bin/sh -c 'mkdir -p");
		assertThat(script).doesNotContain("mkdir -p '/data");
	}

	@Test
	void commandRunsAsTheUserWithExactlyItsEnvironment() {
		this.pod.getSpec()
			.setSecurityContext(new PodSecurityContextBuilder().withRunAsUser(1000L)
				.withFsGroup(2000L)
				.withSupplementalGroups(3000L)
				.build());
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("GREETING", "it's here");
		String script = script(List.of(), ContainerUser.of(this.pod, container())).render();
		assertThat(script).contains("'--reuid=1000'", "'--regid=0'", "'--groups=0,2000,3000'", "'--no-new-privs'",
				"'--pdeathsig=KILL'", "'env'", "'-i'", "'--chdir=/work'", "'GREETING=it'\\''s here'");
		assertThat(script).endsWith("'java' \\\n  '-jar' \\\n  '/app.jar'\n");
	}

	@Test
	void readOnlyRootFilesystemRemountsTheRootReadOnly() {
		Container container = new ContainerBuilder(container()).withNewSecurityContext()
			.withReadOnlyRootFilesystem(true)
			.withNewCapabilities()
			.withAdd("NET_BIND_SERVICE")
			.withDrop("ALL")
			.endCapabilities()
			.endSecurityContext()
			.build();
		String script = script(List.of(), ContainerUser.of(this.pod, container)).render();
		assertThat(script).contains("mount -o remount,bind,ro '/state/pods/u/containers/app/0/root'\n",
				"'--bounding-set=-all,+net_bind_service'");
	}

	@Test
	void runAsNonRootWithoutAUserIsAConfigError() {
		this.pod.getSpec().setSecurityContext(new PodSecurityContextBuilder().withRunAsNonRoot(true).build());
		assertThatExceptionOfType(ContainerConfigException.class)
			.isThrownBy(() -> ContainerUser.of(this.pod, container()))
			.withMessageStartingWith("container has runAsNonRoot and image will run as root");
	}

	private ContainerScript script(List<ContainerScript.Mount> mounts, ContainerUser user) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("GREETING", "it's here");
		return new ContainerScript(Path.of("/state"), Path.of("/state/pods/u/containers/app/0"), "web", mounts, user,
				"/work", environment, List.of("java", "-jar", "/app.jar"));
	}

	private ContainerUser user() {
		return ContainerUser.of(this.pod, container());
	}

	private static Container container() {
		return new ContainerBuilder().withName("app").withImage("sample-app:0.1.0-SNAPSHOT").build();
	}

}
