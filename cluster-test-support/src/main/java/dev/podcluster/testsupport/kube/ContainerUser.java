package dev.podcluster.testsupport.kube;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import org.jspecify.annotations.Nullable;

/**
 * Who a container's process runs as: user, groups and capabilities from the pod's and the
 * container's security contexts, turned into {@code setpriv} options.
 *
 * @param uid the user, {@code null} for the image's (root here)
 * @param gid the primary group, {@code null} for the image's (root here)
 * @param groups the supplementary groups
 * @param noNewPrivileges whether the process may not gain privileges
 * ({@code allowPrivilegeEscalation: false} or a non-root user)
 * @param capabilities the capabilities, lower case, {@code null} for all (privileged)
 * @param readOnlyRootFilesystem whether the root file system is read-only
 */
record ContainerUser(@Nullable Long uid, @Nullable Long gid, List<Long> groups, boolean noNewPrivileges,
		@Nullable Set<String> capabilities, boolean readOnlyRootFilesystem) {

	/**
	 * The capabilities a container runtime grants by default (containerd's and Docker's
	 * list).
	 */
	static final List<String> DEFAULT_CAPABILITIES = List.of("chown", "dac_override", "fsetid", "fowner", "mknod",
			"net_raw", "setgid", "setuid", "setfcap", "setpcap", "net_bind_service", "sys_chroot", "kill",
			"audit_write");

	/**
	 * The user of a container.
	 * @param pod the pod
	 * @param container the container
	 * @return its user
	 * @throws ContainerConfigException for {@code runAsNonRoot} without a non-root
	 * {@code runAsUser}
	 */
	static ContainerUser of(Pod pod, Container container) {
		PodSecurityContext podContext = pod.getSpec().getSecurityContext();
		SecurityContext context = container.getSecurityContext();
		Long uid = (context != null && context.getRunAsUser() != null) ? context.getRunAsUser()
				: (podContext != null) ? podContext.getRunAsUser() : null;
		Long gid = (context != null && context.getRunAsGroup() != null) ? context.getRunAsGroup()
				: (podContext != null) ? podContext.getRunAsGroup() : null;
		Boolean nonRoot = (context != null && context.getRunAsNonRoot() != null) ? context.getRunAsNonRoot()
				: (podContext != null) ? podContext.getRunAsNonRoot() : null;
		if (Boolean.TRUE.equals(nonRoot) && (uid == null || uid == 0)) {
			throw new ContainerConfigException((uid == null)
					? "container has runAsNonRoot and image will run as root (pod: \"" + pod.getMetadata().getName()
							+ "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid()
							+ ")\", container: " + container.getName() + ")"
					: "container's runAsUser breaks non-root policy (pod: \"" + pod.getMetadata().getName() + "_"
							+ pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")\", container: "
							+ container.getName() + ")");
		}
		Set<Long> groups = new LinkedHashSet<>();
		if (uid != null || gid != null) {
			groups.add((gid != null) ? gid : 0L);
		}
		if (podContext != null) {
			if (podContext.getFsGroup() != null) {
				groups.add(podContext.getFsGroup());
			}
			if (podContext.getSupplementalGroups() != null) {
				groups.addAll(podContext.getSupplementalGroups());
			}
		}
		boolean privileged = context != null && Boolean.TRUE.equals(context.getPrivileged());
		boolean noNewPrivileges = context != null && Boolean.FALSE.equals(context.getAllowPrivilegeEscalation());
		boolean readOnlyRoot = context != null && Boolean.TRUE.equals(context.getReadOnlyRootFilesystem());
		return new ContainerUser(uid, gid, List.copyOf(groups), noNewPrivileges,
				privileged ? null : capabilities((context != null) ? context.getCapabilities() : null), readOnlyRoot);
	}

	private static @Nullable Set<String> capabilities(@Nullable Capabilities capabilities) {
		Set<String> result = new LinkedHashSet<>(DEFAULT_CAPABILITIES);
		if (capabilities == null) {
			return result;
		}
		if (capabilities.getDrop() != null) {
			for (String drop : capabilities.getDrop()) {
				if (name(drop).equals("all")) {
					result.clear();
				}
				else {
					result.remove(name(drop));
				}
			}
		}
		if (capabilities.getAdd() != null) {
			for (String add : capabilities.getAdd()) {
				if (name(add).equals("all")) {
					return null;
				}
				result.add(name(add));
			}
		}
		return result;
	}

	private static String name(String capability) {
		String name = capability.toLowerCase(Locale.ROOT);
		return name.startsWith("cap_") ? name.substring(4) : name;
	}

	/** Whether the process runs as another user than root. */
	boolean nonRoot() {
		return this.uid != null && this.uid != 0;
	}

	/**
	 * The {@code setpriv} options that make the process this user. As with a container
	 * runtime, capabilities bound a root process only: a non-root process has none after
	 * exec (no ambient capabilities).
	 * @return the options
	 */
	List<String> setprivOptions() {
		List<String> options = new ArrayList<>();
		if (this.uid != null) {
			options.add("--reuid=" + this.uid);
		}
		if (this.gid != null || this.uid != null) {
			options.add("--regid=" + ((this.gid != null) ? this.gid : 0));
		}
		if (!this.groups.isEmpty()) {
			options.add("--groups=" + String.join(",", this.groups.stream().map(String::valueOf).toList()));
		}
		if (this.capabilities != null) {
			StringBuilder bounding = new StringBuilder("-all");
			this.capabilities.forEach((capability) -> bounding.append(",+").append(capability));
			options.add("--bounding-set=" + bounding);
			options.add("--inh-caps=-all");
		}
		if (this.noNewPrivileges || nonRoot()) {
			options.add("--no-new-privs");
		}
		return options;
	}

}
