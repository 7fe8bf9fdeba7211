package dev.podcluster.testsupport.kube;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

class ContainerEnvironmentTests {

	private static final Map<String, String> IMAGE = Map.of("PATH", "/usr/bin:/bin");

	private final Objects objects = new Objects();

	private final Pod pod = HostsFileTests.pod("sample-app-0", "sample-app-0", "sample-app-cluster");

	ContainerEnvironmentTests() {
		this.pod.getMetadata().setLabels(Map.of("topology.kubernetes.io/zone", "zone-b", "app", "sample"));
		this.pod.getSpec().setServiceAccountName("sample");
		this.objects.services.add(service("default", "kubernetes", "10.96.0.1", 443, "https"));
		this.objects.services.add(service("demo", "sample-app", "10.96.12.34", 8080, "http"));
		this.objects.configMaps.put("demo/settings",
				new ConfigMapBuilder().withNewMetadata()
					.withName("settings")
					.endMetadata()
					.addToData("greeting", "hello")
					.addToData("level", "debug")
					.build());
		this.objects.secrets.put("demo/creds",
				new SecretBuilder().withNewMetadata()
					.withName("creds")
					.endMetadata()
					.addToData("password",
							Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)))
					.build());
	}

	@Test
	void downwardApiFieldsResolve() {
		Container container = new ContainerBuilder().withName("app")
			.addNewEnv()
			.withName("POD_IP")
			.withNewValueFrom()
			.withNewFieldRef()
			.withFieldPath("status.podIP")
			.endFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("POD_IPS")
			.withNewValueFrom()
			.withNewFieldRef()
			.withFieldPath("status.podIPs")
			.endFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("HOST_IP")
			.withNewValueFrom()
			.withNewFieldRef()
			.withFieldPath("status.hostIP")
			.endFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("NAMESPACE")
			.withNewValueFrom()
			.withNewFieldRef()
			.withFieldPath("metadata.namespace")
			.endFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("NAME")
			.withNewValueFrom()
			.withNewFieldRef()
			.withFieldPath("metadata.name")
			.endFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("UID")
			.withNewValueFrom()
			.withNewFieldRef()
			.withFieldPath("metadata.uid")
			.endFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("ZONE")
			.withNewValueFrom()
			.withNewFieldRef()
			.withFieldPath("metadata.labels['topology.kubernetes.io/zone']")
			.endFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("NODE")
			.withNewValueFrom()
			.withNewFieldRef()
			.withFieldPath("spec.nodeName")
			.endFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("SA")
			.withNewValueFrom()
			.withNewFieldRef()
			.withFieldPath("spec.serviceAccountName")
			.endFieldRef()
			.endValueFrom()
			.endEnv()
			.build();
		assertThat(resolve(container)).contains(entry("POD_IP", "10.244.1.5"), entry("POD_IPS", "10.244.1.5"),
				entry("HOST_IP", "10.244.0.1"), entry("NAMESPACE", "demo"), entry("NAME", "sample-app-0"),
				entry("UID", "0b4c1a7e-2f3d-4e5f-8a9b-0c1d2e3f4a5b"), entry("ZONE", "zone-b"), entry("NODE", "node-b"),
				entry("SA", "sample"), entry("HOSTNAME", "sample-app-0"), entry("PATH", "/usr/bin:/bin"));
	}

	@Test
	void serviceLinksAndTheApiServerAreAlwaysThere() {
		Map<String, String> environment = resolve(new ContainerBuilder().withName("app").build());
		assertThat(environment).contains(entry("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
				entry("KUBERNETES_SERVICE_PORT", "443"), entry("KUBERNETES_SERVICE_PORT_HTTPS", "443"),
				entry("KUBERNETES_PORT", "tcp://10.96.0.1:443"),
				entry("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443"), entry("KUBERNETES_PORT_443_TCP_PROTO", "tcp"),
				entry("KUBERNETES_PORT_443_TCP_PORT", "443"), entry("KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"),
				entry("SAMPLE_APP_SERVICE_HOST", "10.96.12.34"), entry("SAMPLE_APP_SERVICE_PORT_HTTP", "8080"));
	}

	@Test
	void serviceLinksOffKeepsOnlyTheApiServer() {
		this.pod.getSpec().setEnableServiceLinks(false);
		Map<String, String> environment = resolve(new ContainerBuilder().withName("app").build());
		assertThat(environment).containsKey("KUBERNETES_SERVICE_HOST").doesNotContainKey("SAMPLE_APP_SERVICE_HOST");
	}

	@Test
	void expansionSeesEarlierVariablesAndServicesOnly() {
		Container container = new ContainerBuilder().withName("app")
			.addNewEnv()
			.withName("POD_IP")
			.withNewValueFrom()
			.withNewFieldRef()
			.withFieldPath("status.podIP")
			.endFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("URL")
			.withValue("http://$(POD_IP):$(PORT)/$(SAMPLE_APP_SERVICE_HOST)")
			.endEnv()
			.addNewEnv()
			.withName("PORT")
			.withValue("8080")
			.endEnv()
			.build();
		assertThat(resolve(container)).containsEntry("URL", "http://10.244.1.5:$(PORT)/10.96.12.34");
	}

	@Test
	void configMapsAndSecretsResolveWithPrefixAndOptional() {
		Container container = new ContainerBuilder().withName("app")
			.addNewEnvFrom()
			.withPrefix("CFG_")
			.withNewConfigMapRef()
			.withName("settings")
			.endConfigMapRef()
			.endEnvFrom()
			.addNewEnvFrom()
			.withNewSecretRef()
			.withName("creds")
			.endSecretRef()
			.endEnvFrom()
			.addNewEnvFrom()
			.withNewConfigMapRef()
			.withName("missing")
			.withOptional(true)
			.endConfigMapRef()
			.endEnvFrom()
			.addNewEnv()
			.withName("GREETING")
			.withNewValueFrom()
			.withNewConfigMapKeyRef()
			.withName("settings")
			.withKey("greeting")
			.endConfigMapKeyRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("PASSWORD")
			.withNewValueFrom()
			.withNewSecretKeyRef()
			.withName("creds")
			.withKey("password")
			.endSecretKeyRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("OPTIONAL")
			.withNewValueFrom()
			.withNewSecretKeyRef()
			.withName("creds")
			.withKey("nope")
			.withOptional(true)
			.endSecretKeyRef()
			.endValueFrom()
			.endEnv()
			.build();
		assertThat(resolve(container))
			.contains(entry("CFG_greeting", "hello"), entry("CFG_level", "debug"), entry("password", "s3cret"),
					entry("GREETING", "hello"), entry("PASSWORD", "s3cret"))
			.doesNotContainKey("OPTIONAL");
	}

	@Test
	void missingConfigMapIsAConfigError() {
		Container container = new ContainerBuilder().withName("app")
			.addNewEnv()
			.withName("X")
			.withNewValueFrom()
			.withNewConfigMapKeyRef()
			.withName("settings")
			.withKey("absent")
			.endConfigMapKeyRef()
			.endValueFrom()
			.endEnv()
			.build();
		assertThatExceptionOfType(ContainerConfigException.class).isThrownBy(() -> resolve(container))
			.withMessage("couldn't find key absent in ConfigMap demo/settings");
	}

	@Test
	void resourceFieldRefsRoundUpInDivisorUnits() {
		Container container = new ContainerBuilder().withName("app")
			.withNewResources()
			.addToLimits("memory", new Quantity("170Mi"))
			.addToRequests("cpu", new Quantity("100m"))
			.endResources()
			.addNewEnv()
			.withName("MEM_MI")
			.withNewValueFrom()
			.withNewResourceFieldRef()
			.withResource("limits.memory")
			.withDivisor(new Quantity("1Mi"))
			.endResourceFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("CPU")
			.withNewValueFrom()
			.withNewResourceFieldRef()
			.withResource("requests.cpu")
			.endResourceFieldRef()
			.endValueFrom()
			.endEnv()
			.addNewEnv()
			.withName("CPU_LIMIT")
			.withNewValueFrom()
			.withNewResourceFieldRef()
			.withResource("limits.cpu")
			.endResourceFieldRef()
			.endValueFrom()
			.endEnv()
			.build();
		assertThat(resolve(container)).contains(entry("MEM_MI", "170"), entry("CPU", "1"), entry("CPU_LIMIT", "8"));
	}

	@Test
	void commandAndArgumentsAreExpandedWithTheFinalEnvironment() {
		Map<String, String> environment = Map.of("PORT", "8080");
		assertThat(ContainerEnvironment.expand(List.of("--port=$(PORT)", "$$(PORT)", "$(MISSING)"), environment))
			.containsExactly("--port=8080", "$(PORT)", "$(MISSING)");
	}

	private Map<String, String> resolve(Container container) {
		FieldValues fields = new FieldValues(this.pod, "10.244.1.5", "10.244.0.1");
		return new ContainerEnvironment(this.pod, fields, this.objects).resolve(container, IMAGE, "sample-app-0");
	}

	private static Service service(String namespace, String name, String ip, int port, String portName) {
		return new ServiceBuilder().withNewMetadata()
			.withNamespace(namespace)
			.withName(name)
			.endMetadata()
			.withNewSpec()
			.withClusterIP(ip)
			.addNewPort()
			.withName(portName)
			.withPort(port)
			.withProtocol("TCP")
			.endPort()
			.endSpec()
			.build();
	}

	static final class Objects implements ClusterObjects {

		final Map<String, ConfigMap> configMaps = new HashMap<>();

		final Map<String, Secret> secrets = new HashMap<>();

		final List<Service> services = new ArrayList<>();

		@Override
		public @Nullable ConfigMap configMap(String namespace, String name) {
			return this.configMaps.get(namespace + "/" + name);
		}

		@Override
		public @Nullable Secret secret(String namespace, String name) {
			return this.secrets.get(namespace + "/" + name);
		}

		@Override
		public List<Service> services(String namespace) {
			return this.services.stream()
				.filter((service) -> service.getMetadata().getNamespace().equals(namespace))
				.toList();
		}

	}

}
