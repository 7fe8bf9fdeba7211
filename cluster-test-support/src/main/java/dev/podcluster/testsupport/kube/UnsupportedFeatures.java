package dev.podcluster.testsupport.kube;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * What a pod asks for that this bed cannot do faithfully: such a pod's containers stay
 * Waiting with a message that names it, rather than run as if it were honoured.
 */
final class UnsupportedFeatures {

	private UnsupportedFeatures() {
	}

	/**
	 * List what a pod uses and this bed does not support.
	 * @param pod the pod
	 * @return one line per feature, empty when everything is supported
	 */
	static List<String> of(Pod pod) {
		List<String> unsupported = new ArrayList<>();
		if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
			unsupported.add("hostNetwork: true");
		}
		if (Boolean.TRUE.equals(pod.getSpec().getHostPID())) {
			unsupported.add("hostPID: true");
		}
		if (Boolean.TRUE.equals(pod.getSpec().getHostIPC())) {
			unsupported.add("hostIPC: true");
		}
		if (Boolean.FALSE.equals(pod.getSpec().getHostUsers())) {
			unsupported.add("hostUsers: false (user namespaces)");
		}
		if (Boolean.TRUE.equals(pod.getSpec().getShareProcessNamespace())) {
			unsupported.add("shareProcessNamespace: true");
		}
		if (pod.getSpec().getVolumes() != null) {
			for (Volume volume : pod.getSpec().getVolumes()) {
				if (volume.getEmptyDir() == null && volume.getConfigMap() == null && volume.getSecret() == null
						&& volume.getProjected() == null && volume.getDownwardAPI() == null
						&& volume.getHostPath() == null) {
					unsupported.add("volume " + volume.getName()
							+ " (only emptyDir, configMap, secret, projected, downwardAPI and hostPath volumes)");
				}
			}
		}
		List<Container> containers = new ArrayList<>(pod.getSpec().getContainers());
		if (pod.getSpec().getInitContainers() != null) {
			for (Container init : pod.getSpec().getInitContainers()) {
				if ("Always".equals(init.getRestartPolicy())) {
					unsupported.add("init container " + init.getName() + " with restartPolicy: Always (sidecar)");
				}
				containers.add(init);
			}
		}
		for (Container container : containers) {
			if (container.getPorts() != null) {
				for (ContainerPort port : container.getPorts()) {
					if (port.getHostPort() != null && port.getHostPort() != 0) {
						unsupported.add("hostPort " + port.getHostPort() + " of container " + container.getName());
					}
				}
			}
			for (Probe probe : new Probe[] { container.getStartupProbe(), container.getReadinessProbe(),
					container.getLivenessProbe() }) {
				if (probe != null && probe.getGrpc() != null) {
					unsupported.add("grpc probe of container " + container.getName());
				}
			}
			if (container.getRestartPolicy() != null && pod.getSpec().getContainers().contains(container)) {
				unsupported.add("restartPolicy on container " + container.getName() + " (container restart rules)");
			}
		}
		return unsupported;
	}

}
