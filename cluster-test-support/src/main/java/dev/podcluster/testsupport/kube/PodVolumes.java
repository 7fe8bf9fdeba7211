package dev.podcluster.testsupport.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import org.jspecify.annotations.Nullable;

/**
 * A pod's volumes rendered into host directories under the pod's state directory:
 * {@code emptyDir}, {@code configMap}, {@code secret}, {@code projected} (service account
 * tokens from the TokenRequest API bound to the pod, ConfigMaps, Secrets, downward API)
 * and {@code downwardAPI}, plus {@code hostPath}.
 */
final class PodVolumes {

	private static final int DEFAULT_MODE = 0644;

	private final Pod pod;

	private final Path directory;

	private final ClusterObjects objects;

	private final BiFunction<ServiceAccountTokenProjection, Pod, String> tokens;

	private final Map<String, Path> rendered = new HashMap<>();

	/**
	 * Create the volumes of a pod.
	 * @param pod the pod
	 * @param directory the directory that holds one subdirectory per volume
	 * @param objects where ConfigMaps and Secrets come from
	 * @param tokens issues a service account token for a projection and pod
	 */
	PodVolumes(Pod pod, Path directory, ClusterObjects objects,
			BiFunction<ServiceAccountTokenProjection, Pod, String> tokens) {
		this.pod = pod;
		this.directory = directory;
		this.objects = objects;
		this.tokens = tokens;
	}

	/**
	 * Render every volume that is not rendered yet.
	 * @param fields the pod's downward API values
	 * @throws VolumeSetupException when a volume's source is missing and not optional
	 */
	void renderAll(FieldValues fields) {
		if (this.pod.getSpec().getVolumes() == null) {
			return;
		}
		for (Volume volume : this.pod.getSpec().getVolumes()) {
			if (!this.rendered.containsKey(volume.getName())) {
				this.rendered.put(volume.getName(), render(volume, fields));
			}
		}
	}

	/**
	 * The bind mounts of a container's volume mounts.
	 * @param container the container
	 * @return the mounts
	 * @throws ContainerConfigException for a mount of an unknown volume
	 */
	List<ContainerScript.Mount> mounts(Container container) {
		if (container.getVolumeMounts() == null) {
			return List.of();
		}
		return container.getVolumeMounts().stream().map(this::mount).toList();
	}

	private ContainerScript.Mount mount(VolumeMount volumeMount) {
		Path source = this.rendered.get(volumeMount.getName());
		if (source == null) {
			throw new ContainerConfigException("volume \"" + volumeMount.getName() + "\" of volumeMount "
					+ volumeMount.getMountPath() + " is not a volume of the pod");
		}
		String subPath = volumeMount.getSubPath();
		if (volumeMount.getSubPathExpr() != null && !volumeMount.getSubPathExpr().isEmpty()) {
			throw new ContainerConfigException("subPathExpr is not supported by kube-bed");
		}
		if (subPath != null && !subPath.isEmpty()) {
			Path resolved = source.resolve(subPath).normalize();
			if (!resolved.startsWith(source)) {
				throw new ContainerConfigException("subPath " + subPath + " leaves volume " + volumeMount.getName());
			}
			try {
				if (!Files.exists(resolved)) {
					// As kubelet: a missing subPath of a writable volume is created as a
					// directory.
					Files.createDirectories(resolved);
					Files.setPosixFilePermissions(resolved, VolumeFiles.permissions(0777));
				}
				resolved = resolved.toRealPath();
			}
			catch (IOException ex) {
				throw new ContainerConfigException("subPath " + subPath + " of volume " + volumeMount.getName()
						+ " could not be prepared: " + ex.getMessage());
			}
			if (!resolved.startsWith(source)) {
				throw new ContainerConfigException("subPath " + subPath + " leaves volume " + volumeMount.getName());
			}
			source = resolved;
		}
		return new ContainerScript.Mount(source, volumeMount.getMountPath(), !Files.isDirectory(source),
				Boolean.TRUE.equals(volumeMount.getReadOnly()));
	}

	private Path render(Volume volume, FieldValues fields) {
		Path target = this.directory.resolve(volume.getName());
		Long fsGroup = fsGroup();
		if (volume.getEmptyDir() != null) {
			return emptyDir(target, fsGroup);
		}
		if (volume.getHostPath() != null) {
			Path path = Path.of(volume.getHostPath().getPath());
			String type = volume.getHostPath().getType();
			if ("DirectoryOrCreate".equals(type)) {
				try {
					Files.createDirectories(path);
				}
				catch (IOException ex) {
					throw new VolumeSetupException("hostPath " + path + " could not be created: " + ex.getMessage());
				}
			}
			if (!Files.exists(path)) {
				throw new VolumeSetupException("hostPath type check failed: " + path + " does not exist");
			}
			return path;
		}
		Map<String, VolumeFiles.File> files;
		if (volume.getConfigMap() != null) {
			files = configMapFiles(volume.getConfigMap());
		}
		else if (volume.getSecret() != null) {
			files = secretFiles(volume.getSecret());
		}
		else if (volume.getDownwardAPI() != null) {
			files = downwardApiFiles(volume.getDownwardAPI().getItems(), mode(volume.getDownwardAPI().getDefaultMode()),
					fields);
		}
		else if (volume.getProjected() != null) {
			files = projectedFiles(volume.getProjected().getSources(), mode(volume.getProjected().getDefaultMode()),
					fields);
		}
		else {
			throw new ContainerConfigException("volume \"" + volume.getName() + "\" is of a type kube-bed does not "
					+ "support (it supports emptyDir, configMap, secret, projected, downwardAPI and hostPath)");
		}
		VolumeFiles.write(target, files, fsGroup);
		return target;
	}

	private Path emptyDir(Path target, @Nullable Long fsGroup) {
		try {
			Files.createDirectories(target);
			Files.setPosixFilePermissions(target, VolumeFiles.permissions(0777));
			Long runAsUser = runAsUser();
			if (runAsUser != null) {
				VolumeFiles.chown(target, runAsUser);
			}
			if (fsGroup != null) {
				VolumeFiles.chgrp(target, fsGroup);
				// Files created in it belong to the group too (setgid), as kubelet sets
				// it up.
				Files.setAttribute(target, "unix:mode", 02777);
			}
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Map<String, VolumeFiles.File> configMapFiles(ConfigMapVolumeSource source) {
		ConfigMap configMap = this.objects.configMap(namespace(), source.getName());
		if (configMap == null) {
			if (Boolean.TRUE.equals(source.getOptional())) {
				return Map.of();
			}
			throw new VolumeSetupException("configmap \"" + source.getName() + "\" not found");
		}
		return keyFiles(configMapData(configMap), source.getItems(), mode(source.getDefaultMode()),
				Boolean.TRUE.equals(source.getOptional()), "configmap", source.getName());
	}

	private Map<String, VolumeFiles.File> secretFiles(SecretVolumeSource source) {
		Secret secret = this.objects.secret(namespace(), source.getSecretName());
		if (secret == null) {
			if (Boolean.TRUE.equals(source.getOptional())) {
				return Map.of();
			}
			throw new VolumeSetupException("secret \"" + source.getSecretName() + "\" not found");
		}
		return keyFiles(secretData(secret), source.getItems(), mode(source.getDefaultMode()),
				Boolean.TRUE.equals(source.getOptional()), "secret", source.getSecretName());
	}

	private Map<String, VolumeFiles.File> projectedFiles(List<VolumeProjection> sources, int defaultMode,
			FieldValues fields) {
		Map<String, VolumeFiles.File> files = new LinkedHashMap<>();
		if (sources == null) {
			return files;
		}
		for (VolumeProjection source : sources) {
			if (source.getServiceAccountToken() != null) {
				ServiceAccountTokenProjection projection = source.getServiceAccountToken();
				String token = this.tokens.apply(projection, this.pod);
				files.put(projection.getPath(), new VolumeFiles.File(token.getBytes(StandardCharsets.UTF_8),
						tokenMode(defaultMode), tokenOwner()));
			}
			else if (source.getConfigMap() != null) {
				ConfigMapProjection projection = source.getConfigMap();
				boolean optional = Boolean.TRUE.equals(projection.getOptional());
				ConfigMap configMap = this.objects.configMap(namespace(), projection.getName());
				if (configMap == null) {
					if (!optional) {
						throw new VolumeSetupException("configmap \"" + projection.getName() + "\" not found");
					}
					continue;
				}
				files.putAll(keyFiles(configMapData(configMap), projection.getItems(), defaultMode, optional,
						"configmap", projection.getName()));
			}
			else if (source.getSecret() != null) {
				SecretProjection projection = source.getSecret();
				boolean optional = Boolean.TRUE.equals(projection.getOptional());
				Secret secret = this.objects.secret(namespace(), projection.getName());
				if (secret == null) {
					if (!optional) {
						throw new VolumeSetupException("secret \"" + projection.getName() + "\" not found");
					}
					continue;
				}
				files.putAll(keyFiles(secretData(secret), projection.getItems(), defaultMode, optional, "secret",
						projection.getName()));
			}
			else if (source.getDownwardAPI() != null) {
				files.putAll(downwardApiFiles(source.getDownwardAPI().getItems(), defaultMode, fields));
			}
			else {
				throw new ContainerConfigException("a projected volume source of a type kube-bed does not support "
						+ "(it supports serviceAccountToken, configMap, secret, downwardAPI)");
			}
		}
		return files;
	}

	// Kubelet: a token is readable by the pod's user only when the pod runs as one and
	// has no fsGroup.
	private int tokenMode(int defaultMode) {
		return (tokenOwner() != null) ? 0600 : defaultMode;
	}

	// ... and then it is that user's file, as kubelet makes it.
	private @Nullable Long tokenOwner() {
		return (fsGroup() == null) ? runAsUser() : null;
	}

	private Map<String, VolumeFiles.File> downwardApiFiles(@Nullable List<DownwardAPIVolumeFile> items, int defaultMode,
			FieldValues fields) {
		Map<String, VolumeFiles.File> files = new LinkedHashMap<>();
		if (items == null) {
			return files;
		}
		for (DownwardAPIVolumeFile item : items) {
			String value;
			try {
				if (item.getFieldRef() != null) {
					value = fields.field(item.getFieldRef().getFieldPath(), true);
				}
				else if (item.getResourceFieldRef() != null) {
					value = fields.resource(item.getResourceFieldRef(), this.pod.getSpec().getContainers().get(0));
				}
				else {
					continue;
				}
			}
			catch (IllegalArgumentException ex) {
				throw new ContainerConfigException(ex.getMessage());
			}
			int mode = (item.getMode() != null) ? item.getMode() : defaultMode;
			files.put(item.getPath(), new VolumeFiles.File(value.getBytes(StandardCharsets.UTF_8), mode));
		}
		return files;
	}

	private static Map<String, VolumeFiles.File> keyFiles(Map<String, byte[]> data, @Nullable List<KeyToPath> items,
			int defaultMode, boolean optional, String kind, String name) {
		Map<String, VolumeFiles.File> files = new LinkedHashMap<>();
		if (items == null || items.isEmpty()) {
			data.forEach((key, value) -> files.put(key, new VolumeFiles.File(value, defaultMode)));
			return files;
		}
		for (KeyToPath item : items) {
			byte[] value = data.get(item.getKey());
			if (value == null) {
				if (optional) {
					continue;
				}
				throw new VolumeSetupException(kind.equals("secret")
						? "references non-existent secret key: " + item.getKey() + " (secret " + name + ")"
						: "configmap references non-existent config key: " + item.getKey() + " (configmap " + name
								+ ")");
			}
			files.put(item.getPath(),
					new VolumeFiles.File(value, (item.getMode() != null) ? item.getMode() : defaultMode));
		}
		return files;
	}

	private static Map<String, byte[]> configMapData(ConfigMap configMap) {
		Map<String, byte[]> data = new TreeMap<>();
		if (configMap.getData() != null) {
			configMap.getData().forEach((key, value) -> data.put(key, value.getBytes(StandardCharsets.UTF_8)));
		}
		if (configMap.getBinaryData() != null) {
			configMap.getBinaryData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
		}
		return data;
	}

	private static Map<String, byte[]> secretData(Secret secret) {
		Map<String, byte[]> data = new TreeMap<>();
		if (secret.getData() != null) {
			secret.getData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
		}
		return data;
	}

	private String namespace() {
		return this.pod.getMetadata().getNamespace();
	}

	private @Nullable Long fsGroup() {
		PodSecurityContext context = this.pod.getSpec().getSecurityContext();
		return (context != null) ? context.getFsGroup() : null;
	}

	private @Nullable Long runAsUser() {
		PodSecurityContext context = this.pod.getSpec().getSecurityContext();
		return (context != null) ? context.getRunAsUser() : null;
	}

	private static int mode(@Nullable Integer mode) {
		return (mode != null) ? mode : DEFAULT_MODE;
	}

}
