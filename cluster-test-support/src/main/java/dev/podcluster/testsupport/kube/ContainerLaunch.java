package dev.podcluster.testsupport.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Starts one run of a container in its pod's sandbox, as a container runtime does: the
 * image's entrypoint or the container's command, its environment and mounts, a root of
 * its own (mount and UTS namespaces) in the pod's network namespace, its log file.
 */
final class ContainerLaunch {

	private final AgentContext context;

	private final Pod pod;

	private final PodSandbox sandbox;

	private final PodVolumes volumes;

	private final PodHostname hostname;

	private final Path podDirectory;

	/**
	 * A launcher for the containers of one pod.
	 * @param context what the agent shares
	 * @param pod the pod
	 * @param sandbox its network namespace and IP
	 * @param volumes its volumes
	 * @param hostname its hostname
	 * @param podDirectory its directory (hosts, resolv.conf, hostname, container runs)
	 */
	ContainerLaunch(AgentContext context, Pod pod, PodSandbox sandbox, PodVolumes volumes, PodHostname hostname,
			Path podDirectory) {
		this.context = context;
		this.pod = pod;
		this.sandbox = sandbox;
		this.volumes = volumes;
		this.hostname = hostname;
		this.podDirectory = podDirectory;
	}

	/**
	 * Start a run of the container.
	 * @param spec the container
	 * @param restartCount the restart count of the run (0 for the first)
	 * @return the started run
	 * @throws NotStarted when it cannot start now, with the waiting reason kubelet
	 * reports
	 */
	LaunchedContainer start(Container spec, int restartCount) throws NotStarted {
		List<String> entrypoint = this.context.images().entrypoint(spec.getImage());
		if (entrypoint == null) {
			throw new NotStarted("ErrImagePull", "image \"" + spec.getImage() + "\" is not in the kube-bed images file "
					+ this.context.images().file() + ": add a line `" + spec.getImage()
					+ "=<command standing for the image's entrypoint>` (the file is read again when it changes)",
					Duration.ofSeconds(2));
		}
		try {
			FieldValues fields = new FieldValues(this.pod, this.sandbox.ip(), this.context.options().gateway());
			this.volumes.renderAll(fields);
			ContainerUser user = ContainerUser.of(this.pod, spec);
			Map<String, String> environment = new ContainerEnvironment(this.pod, fields, this.context.objects())
				.resolve(spec, this.context.imageEnvironment(), this.hostname.hostname());
			List<String> command = command(spec, entrypoint, environment);
			Path directory = this.podDirectory.resolve("containers")
				.resolve(spec.getName())
				.resolve(String.valueOf(restartCount));
			PodFiles.deleteRecursively(directory);
			Files.createDirectories(directory);
			ContainerScript script = new ContainerScript(this.context.options().stateDirectory(), directory,
					this.hostname.hostname(), mounts(spec), user, workingDirectory(spec), environment, command);
			Path scriptFile = directory.resolve("init.sh");
			Files.writeString(scriptFile, script.render());
			Files.setPosixFilePermissions(scriptFile, VolumeFiles.permissions(0700));
			Path log = this.context.logsDirectory()
				.resolve(this.pod.getMetadata().getNamespace() + "_" + this.pod.getMetadata().getName() + "_"
						+ this.pod.getMetadata().getUid())
				.resolve(spec.getName())
				.resolve(restartCount + ".log");
			Process process = this.context.launcher()
				.start(launchCommand(scriptFile), Map.of("PATH", ContainerScript.HOST_PATH), log);
			return new LaunchedContainer(process, script, directory, log, restartCount,
					imageId(spec.getImage(), entrypoint), command);
		}
		catch (ContainerConfigException ex) {
			throw new NotStarted("CreateContainerConfigError", ex.getMessage(), Duration.ofSeconds(2));
		}
		catch (VolumeSetupException ex) {
			throw new NotStarted("ContainerCreating", "MountVolume.SetUp failed: " + ex.getMessage(),
					Duration.ofSeconds(2));
		}
		catch (IOException | RuntimeException ex) {
			throw new NotStarted("RunContainerError", String.valueOf(ex.getMessage()), Duration.ofSeconds(5), ex);
		}
	}

	private static List<String> command(Container spec, List<String> entrypoint, Map<String, String> environment)
			throws NotStarted {
		List<String> command = new ArrayList<>();
		if (spec.getCommand() != null && !spec.getCommand().isEmpty()) {
			command.addAll(ContainerEnvironment.expand(spec.getCommand(), environment));
		}
		else {
			command.addAll(entrypoint);
		}
		command.addAll(ContainerEnvironment.expand(spec.getArgs(), environment));
		if (command.isEmpty()) {
			throw new NotStarted("CreateContainerError",
					"no command specified: the image maps to an empty command and the container has no command",
					Duration.ofSeconds(10));
		}
		return command;
	}

	private List<ContainerScript.Mount> mounts(Container spec) {
		List<ContainerScript.Mount> mounts = new ArrayList<>();
		mounts.add(new ContainerScript.Mount(this.podDirectory.resolve("hosts"), "/etc/hosts", true, false));
		mounts
			.add(new ContainerScript.Mount(this.podDirectory.resolve("resolv.conf"), "/etc/resolv.conf", true, false));
		mounts.add(new ContainerScript.Mount(this.podDirectory.resolve("hostname"), "/etc/hostname", true, false));
		mounts.addAll(this.volumes.mounts(spec));
		return mounts;
	}

	private static String workingDirectory(Container spec) {
		return (spec.getWorkingDir() != null && !spec.getWorkingDir().isEmpty()) ? spec.getWorkingDir() : "/";
	}

	/**
	 * The container's shell in namespaces of its own: a private mount namespace (its root
	 * and bind mounts), a UTS namespace (its hostname), the pod's network namespace;
	 * killed with the agent.
	 */
	private List<String> launchCommand(Path scriptFile) {
		return List.of("setpriv", "--pdeathsig=KILL", "--", "unshare", "--mount", "--uts", "--propagation", "private",
				"--", "nsenter", "--net=/run/netns/" + this.sandbox.netns(), "--", "/bin/sh", scriptFile.toString());
	}

	/**
	 * An image ID as a runtime reports it: the repository and a digest of what stands for
	 * the image.
	 */
	private static String imageId(String image, List<String> entrypoint) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(String.join(" ", entrypoint).getBytes(StandardCharsets.UTF_8));
			String reference = ImageReference.normalize(image);
			int colon = reference.lastIndexOf(':');
			String repository = (reference.indexOf('@') < 0 && colon > reference.lastIndexOf('/'))
					? reference.substring(0, colon) : reference;
			return repository + "@sha256:" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The container cannot start now: kubelet's waiting reason, and when to try again.
	 */
	static final class NotStarted extends Exception {

		private final String reason;

		private final Duration retryAfter;

		NotStarted(String reason, String message, Duration retryAfter) {
			this(reason, message, retryAfter, null);
		}

		NotStarted(String reason, String message, Duration retryAfter,
				@org.jspecify.annotations.Nullable Throwable cause) {
			super(message, cause);
			this.reason = reason;
			this.retryAfter = retryAfter;
		}

		String reason() {
			return this.reason;
		}

		Duration retryAfter() {
			return this.retryAfter;
		}

	}

}
