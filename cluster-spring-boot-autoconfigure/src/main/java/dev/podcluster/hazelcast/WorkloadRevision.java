package dev.podcluster.hazelcast;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The revision of the workload this member runs, which it publishes as
 * {@link MemberAttributes#REVISION}: {@code cluster.revision} when set, else the pod's
 * own revision label as the downward API hands it over. A StatefulSet's pods carry
 * {@code controller-revision-hash}, a Deployment's {@code pod-template-hash}; a pod
 * template sets both variables, and the label its controller does not write is empty.
 */
final class WorkloadRevision {

	/**
	 * The variables the manifests set from the pod labels
	 * {@code controller-revision-hash} and {@code pod-template-hash}, in the order they
	 * are read.
	 */
	static final List<String> VARIABLES = List.of("CONTROLLER_REVISION_HASH", "POD_TEMPLATE_HASH");

	private WorkloadRevision() {
	}

	/**
	 * Returns this member's revision.
	 * @param configured the value of {@code cluster.revision}, or {@code null}
	 * @param variables the environment variables
	 * @return the revision, or {@code null} when nothing tells
	 */
	static @Nullable String resolve(@Nullable String configured, Function<String, @Nullable String> variables) {
		if (configured != null && !configured.isBlank()) {
			return configured.trim();
		}
		for (String variable : VARIABLES) {
			String value = variables.apply(variable);
			if (value != null && !value.isBlank()) {
				return value.trim();
			}
		}
		return null;
	}

}
