package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.podcluster.sample.k8s.Manifests.Manifest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * What {@code kubectl apply -k k8s/overlays/<name>} creates, as the real kustomize builds
 * it ({@link Kustomize}), with finders for the objects the tests look at.
 *
 * @param name the overlay directory's name
 * @param manifests the rendered objects
 */
record Overlay(String name, List<Manifest> manifests) {

	static Path overlaysDir() {
		return Manifests.k8sDir().resolve("overlays");
	}

	static List<String> names() {
		try (Stream<Path> dirs = Files.list(overlaysDir())) {
			return dirs.filter(Files::isDirectory).map((dir) -> dir.getFileName().toString()).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Overlay render(String name) {
		return new Overlay(name, Kustomize.build(overlaysDir().resolve(name)));
	}

	<T extends HasMetadata> List<T> all(Class<T> type) {
		return this.manifests.stream().map(Manifest::object).filter(type::isInstance).map(type::cast).toList();
	}

	<T extends HasMetadata> T one(Class<T> type, String name) {
		List<T> found = all(type).stream().filter((object) -> name.equals(object.getMetadata().getName())).toList();
		if (found.size() != 1) {
			throw new AssertionError(this.name + " overlay: expected one " + type.getSimpleName() + " named " + name
					+ ", found " + found.size());
		}
		return found.get(0);
	}

	/** The one StatefulSet or Deployment that runs the members. */
	HasMetadata workload() {
		List<HasMetadata> workloads = this.manifests.stream()
			.map(Manifest::object)
			.filter((object) -> object instanceof StatefulSet || object instanceof Deployment)
			.toList();
		if (workloads.size() != 1) {
			throw new AssertionError(
					this.name + " overlay: expected one StatefulSet or Deployment, found " + workloads.size());
		}
		return workloads.get(0);
	}

	PodTemplateSpec podTemplate() {
		return (workload() instanceof StatefulSet statefulSet) ? statefulSet.getSpec().getTemplate()
				: ((Deployment) workload()).getSpec().getTemplate();
	}

	LabelSelector workloadSelector() {
		return (workload() instanceof StatefulSet statefulSet) ? statefulSet.getSpec().getSelector()
				: ((Deployment) workload()).getSpec().getSelector();
	}

	Integer replicas() {
		return (workload() instanceof StatefulSet statefulSet) ? statefulSet.getSpec().getReplicas()
				: ((Deployment) workload()).getSpec().getReplicas();
	}

	Map<String, String> podLabels() {
		Map<String, String> labels = podTemplate().getMetadata().getLabels();
		return (labels != null) ? labels : Map.of();
	}

	/** The application container (the pod runs exactly one). */
	Container container() {
		List<Container> containers = podTemplate().getSpec().getContainers();
		if (containers.size() != 1) {
			throw new AssertionError(this.name + " overlay: expected one container, found " + containers.size());
		}
		return containers.get(0);
	}

	/** Whether a Service-style selector (all labels must match) selects these labels. */
	static boolean selects(Map<String, String> selector, Map<String, String> labels) {
		return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
	}

	/**
	 * Whether a LabelSelector selects these labels; an empty selector selects everything.
	 */
	static boolean selects(LabelSelector selector, Map<String, String> labels) {
		Map<String, String> matchLabels = (selector.getMatchLabels() != null) ? selector.getMatchLabels() : Map.of();
		if (!labels.entrySet().containsAll(matchLabels.entrySet())) {
			return false;
		}
		List<LabelSelectorRequirement> expressions = (selector.getMatchExpressions() != null)
				? selector.getMatchExpressions() : List.of();
		return expressions.stream().allMatch((requirement) -> matches(requirement, labels));
	}

	private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
		String value = labels.get(requirement.getKey());
		return switch (requirement.getOperator()) {
			case "In" -> value != null && requirement.getValues().contains(value);
			case "NotIn" -> value == null || !requirement.getValues().contains(value);
			case "Exists" -> value != null;
			case "DoesNotExist" -> value == null;
			default -> throw new AssertionError("unknown label selector operator " + requirement.getOperator());
		};
	}

}
