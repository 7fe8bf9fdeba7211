package dev.podcluster.testsupport.kube;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import org.jspecify.annotations.Nullable;

/**
 * A container's environment as the container runtime and kubelet make it:
 * {@code HOSTNAME} and the image's variables, then {@code envFrom}, {@code env} (with
 * {@code $(VAR)} expansion) and the Services' link variables.
 */
final class ContainerEnvironment {

	private final Pod pod;

	private final FieldValues fields;

	private final ClusterObjects objects;

	ContainerEnvironment(Pod pod, FieldValues fields, ClusterObjects objects) {
		this.pod = pod;
		this.fields = fields;
		this.objects = objects;
	}

	/**
	 * Resolve a container's environment.
	 * @param container the container
	 * @param imageEnvironment the variables the image would set ({@code PATH},
	 * {@code JAVA_HOME})
	 * @param hostname the pod's host name
	 * @return the variables, in the order a process would list them
	 * @throws ContainerConfigException when a referenced ConfigMap, Secret or key is
	 * missing and not optional
	 */
	Map<String, String> resolve(Container container, Map<String, String> imageEnvironment, String hostname) {
		Map<String, String> services = serviceVariables();
		Map<String, String> defined = new LinkedHashMap<>();
		if (container.getEnvFrom() != null) {
			for (EnvFromSource source : container.getEnvFrom()) {
				String prefix = (source.getPrefix() != null) ? source.getPrefix() : "";
				envFrom(source).forEach((key, value) -> defined.put(prefix + key, value));
			}
		}
		if (container.getEnv() != null) {
			for (EnvVar variable : container.getEnv()) {
				String value = variable.getValue();
				if (value != null && !value.isEmpty()) {
					value = VariableExpansion.expand(value, (name) -> lookup(name, defined, services));
				}
				else if (variable.getValueFrom() != null) {
					value = valueFrom(variable.getValueFrom(), container);
					if (value == null) {
						continue;
					}
				}
				else {
					value = "";
				}
				defined.put(variable.getName(), value);
			}
		}
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("HOSTNAME", hostname);
		environment.putAll(imageEnvironment);
		services.forEach((name, value) -> {
			if (!defined.containsKey(name)) {
				environment.put(name, value);
			}
		});
		defined.forEach((name, value) -> {
			environment.remove(name);
			environment.put(name, value);
		});
		return environment;
	}

	/**
	 * Expand {@code $(VAR)} references in a command or its arguments, as kubelet does.
	 * @param values the command or arguments
	 * @param environment the container's environment
	 * @return the expanded values
	 */
	static List<String> expand(@Nullable List<String> values, Map<String, String> environment) {
		List<String> expanded = new ArrayList<>();
		if (values != null) {
			for (String value : values) {
				expanded.add(VariableExpansion.expand(value, environment::get));
			}
		}
		return expanded;
	}

	private static @Nullable String lookup(String name, Map<String, String> defined, Map<String, String> services) {
		String value = defined.get(name);
		return (value != null) ? value : services.get(name);
	}

	private Map<String, String> serviceVariables() {
		List<Service> services = new ArrayList<>();
		String namespace = this.pod.getMetadata().getNamespace();
		if (!Boolean.FALSE.equals(this.pod.getSpec().getEnableServiceLinks())) {
			services.addAll(this.objects.services(namespace));
		}
		if (!namespace.equals("default") || Boolean.FALSE.equals(this.pod.getSpec().getEnableServiceLinks())) {
			// The API server's own Service is always linked, whatever the namespace and
			// the flag.
			this.objects.services("default")
				.stream()
				.filter((service) -> service.getMetadata().getName().equals("kubernetes"))
				.forEach(services::add);
		}
		return ServiceLinks.variables(services);
	}

	private Map<String, String> envFrom(EnvFromSource source) {
		String namespace = this.pod.getMetadata().getNamespace();
		if (source.getConfigMapRef() != null) {
			String name = source.getConfigMapRef().getName();
			ConfigMap configMap = this.objects.configMap(namespace, name);
			if (configMap == null) {
				if (Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
					return Map.of();
				}
				throw new ContainerConfigException("configmap \"" + name + "\" not found");
			}
			Map<String, String> values = new LinkedHashMap<>();
			if (configMap.getData() != null) {
				new java.util.TreeMap<>(configMap.getData()).forEach(values::put);
			}
			return values;
		}
		if (source.getSecretRef() != null) {
			String name = source.getSecretRef().getName();
			Secret secret = this.objects.secret(namespace, name);
			if (secret == null) {
				if (Boolean.TRUE.equals(source.getSecretRef().getOptional())) {
					return Map.of();
				}
				throw new ContainerConfigException("secret \"" + name + "\" not found");
			}
			Map<String, String> values = new LinkedHashMap<>();
			if (secret.getData() != null) {
				new java.util.TreeMap<>(secret.getData()).forEach((key, value) -> values.put(key, decode(value)));
			}
			return values;
		}
		return Map.of();
	}

	private @Nullable String valueFrom(EnvVarSource source, Container container) {
		String namespace = this.pod.getMetadata().getNamespace();
		if (source.getFieldRef() != null) {
			try {
				return this.fields.field(source.getFieldRef().getFieldPath(), false);
			}
			catch (IllegalArgumentException ex) {
				throw new ContainerConfigException(ex.getMessage());
			}
		}
		if (source.getResourceFieldRef() != null) {
			try {
				return this.fields.resource(source.getResourceFieldRef(), container);
			}
			catch (IllegalArgumentException ex) {
				throw new ContainerConfigException(ex.getMessage());
			}
		}
		if (source.getConfigMapKeyRef() != null) {
			ConfigMapKeySelector selector = source.getConfigMapKeyRef();
			boolean optional = Boolean.TRUE.equals(selector.getOptional());
			ConfigMap configMap = this.objects.configMap(namespace, selector.getName());
			if (configMap == null) {
				if (optional) {
					return null;
				}
				throw new ContainerConfigException("configmap \"" + selector.getName() + "\" not found");
			}
			String value = (configMap.getData() != null) ? configMap.getData().get(selector.getKey()) : null;
			if (value == null && configMap.getBinaryData() != null
					&& configMap.getBinaryData().containsKey(selector.getKey())) {
				value = decode(configMap.getBinaryData().get(selector.getKey()));
			}
			if (value == null && !optional) {
				throw new ContainerConfigException("couldn't find key " + selector.getKey() + " in ConfigMap "
						+ namespace + "/" + selector.getName());
			}
			return value;
		}
		if (source.getSecretKeyRef() != null) {
			SecretKeySelector selector = source.getSecretKeyRef();
			boolean optional = Boolean.TRUE.equals(selector.getOptional());
			Secret secret = this.objects.secret(namespace, selector.getName());
			if (secret == null) {
				if (optional) {
					return null;
				}
				throw new ContainerConfigException("secret \"" + selector.getName() + "\" not found");
			}
			String value = (secret.getData() != null) ? secret.getData().get(selector.getKey()) : null;
			if (value == null) {
				if (!optional) {
					throw new ContainerConfigException("couldn't find key " + selector.getKey() + " in Secret "
							+ namespace + "/" + selector.getName());
				}
				return null;
			}
			return decode(value);
		}
		throw new ContainerConfigException("Unsupported valueFrom in the env of container " + container.getName()
				+ " (kube-bed supports fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef)");
	}

	private static String decode(String base64) {
		return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
	}

}
