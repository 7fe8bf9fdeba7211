package dev.podcluster.testsupport.kube;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;

/**
 * Values of the downward API: {@code fieldRef} paths and {@code resourceFieldRef}
 * resources of a pod.
 */
final class FieldValues {

	private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

	/**
	 * What a container without a limit gets for limits.*: the Node's allocatable amount.
	 */
	static final Map<String, String> NODE_ALLOCATABLE = Map.of("cpu", "8", "memory", "16Gi", "ephemeral-storage",
			"100Gi", "pods", "110");

	private final Pod pod;

	private final String podIp;

	private final String hostIp;

	FieldValues(Pod pod, String podIp, String hostIp) {
		this.pod = pod;
		this.podIp = podIp;
		this.hostIp = hostIp;
	}

	/**
	 * The value of a {@code fieldRef}.
	 * @param path the field path
	 * @param inVolume whether the value is for a downward API volume (which also offers
	 * whole label and annotation sets)
	 * @return the value
	 * @throws IllegalArgumentException for a path kubelet does not support
	 */
	String field(String path, boolean inVolume) {
		Matcher subscript = SUBSCRIPT.matcher(path);
		if (subscript.matches()) {
			Map<String, String> map = subscript.group(1).equals("labels") ? this.pod.getMetadata().getLabels()
					: this.pod.getMetadata().getAnnotations();
			return (map != null) ? map.getOrDefault(subscript.group(2), "") : "";
		}
		return switch (path) {
			case "metadata.name" -> this.pod.getMetadata().getName();
			case "metadata.namespace" -> this.pod.getMetadata().getNamespace();
			case "metadata.uid" -> this.pod.getMetadata().getUid();
			case "spec.nodeName" -> this.pod.getSpec().getNodeName();
			case "spec.serviceAccountName" -> nonNull(this.pod.getSpec().getServiceAccountName());
			case "status.podIP", "status.podIPs" -> this.podIp;
			case "status.hostIP", "status.hostIPs" -> this.hostIp;
			case "metadata.labels", "metadata.annotations" -> {
				if (!inVolume) {
					throw new IllegalArgumentException("fieldRef " + path + " is only supported in volumes");
				}
				yield formatMap(path.equals("metadata.labels") ? this.pod.getMetadata().getLabels()
						: this.pod.getMetadata().getAnnotations());
			}
			default -> throw new IllegalArgumentException("Unsupported fieldRef.fieldPath: " + path);
		};
	}

	// Kubelet's fieldpath.FormatMap: sorted key="value" lines, the value quoted as Go's
	// %q does.
	private static String formatMap(Map<String, String> map) {
		if (map == null) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		new TreeMap<>(map).forEach((key, value) -> text.append(key).append('=').append(quote(value)).append('\n'));
		return text.toString();
	}

	private static String quote(String value) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\t' -> quoted.append("\\t");
				default -> quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	/**
	 * The value of a {@code resourceFieldRef}, as kubelet rounds it (up, in units of the
	 * divisor).
	 * @param selector the reference
	 * @param defaultContainer the container the reference is in, when it names none
	 * @return the value
	 */
	String resource(ResourceFieldSelector selector, Container defaultContainer) {
		Container container = defaultContainer;
		if (selector.getContainerName() != null && !selector.getContainerName().isEmpty()) {
			container = allContainers().stream()
				.filter((candidate) -> candidate.getName().equals(selector.getContainerName()))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException(
						"resourceFieldRef names no container of the pod: " + selector.getContainerName()));
		}
		String resource = selector.getResource();
		int dot = resource.indexOf('.');
		if (dot < 0) {
			throw new IllegalArgumentException("Unsupported resourceFieldRef.resource: " + resource);
		}
		String kind = resource.substring(0, dot);
		String name = resource.substring(dot + 1);
		Map<String, Quantity> amounts = null;
		if (container.getResources() != null) {
			amounts = kind.equals("limits") ? container.getResources().getLimits()
					: container.getResources().getRequests();
		}
		Quantity amount = (amounts != null) ? amounts.get(name) : null;
		BigDecimal value;
		if (amount != null) {
			value = Quantity.getAmountInBytes(amount);
		}
		else if (kind.equals("limits") && NODE_ALLOCATABLE.containsKey(name)) {
			value = Quantity.getAmountInBytes(Quantity.parse(NODE_ALLOCATABLE.get(name)));
		}
		else if (kind.equals("requests") || kind.equals("limits")) {
			value = BigDecimal.ZERO;
		}
		else {
			throw new IllegalArgumentException("Unsupported resourceFieldRef.resource: " + resource);
		}
		BigDecimal divisor = (selector.getDivisor() != null) ? Quantity.getAmountInBytes(selector.getDivisor())
				: BigDecimal.ONE;
		if (divisor.signum() == 0) {
			divisor = BigDecimal.ONE;
		}
		return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
	}

	private List<Container> allContainers() {
		List<Container> containers = new java.util.ArrayList<>(this.pod.getSpec().getContainers());
		if (this.pod.getSpec().getInitContainers() != null) {
			containers.addAll(this.pod.getSpec().getInitContainers());
		}
		return containers;
	}

	private static String nonNull(String value) {
		return (value != null) ? value : "";
	}

}
