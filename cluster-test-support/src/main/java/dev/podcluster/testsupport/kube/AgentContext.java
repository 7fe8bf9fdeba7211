package dev.podcluster.testsupport.kube;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What every pod worker shares: the API client, the pod network, the launcher, the images
 * and settings.
 *
 * @param client the API client
 * @param options the agent's command line
 * @param network the pod network
 * @param launcher the one thread that starts containers
 * @param images the image mapping
 * @param objects ConfigMaps, Secrets and Services
 * @param hostResolvConf the host's resolver configuration
 * @param probes the probe runner
 * @param background threads for probes, hooks and stopping containers
 * @param imageEnvironment what every "image" sets in the environment (PATH, JAVA_HOME)
 */
record AgentContext(KubernetesClient client, AgentOptions options, PodNetwork network, ProcessLauncher launcher,
		ImageCatalog images, ClusterObjects objects, ResolvConf hostResolvConf, ProbeRunner probes,
		ExecutorService background, Map<String, String> imageEnvironment) {

	Path podsDirectory() {
		return this.options.stateDirectory().resolve("pods");
	}

	Path logsDirectory() {
		return this.options.stateDirectory().resolve("logs");
	}

}
