package dev.podcluster.testsupport.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Writes the files of a ConfigMap, Secret, projected or downward API volume the way
 * kubelet's atomic writer lays them out: a timestamped directory holding the files, a
 * {@code ..data} link to it, and one link per top-level entry through {@code ..data}.
 */
final class VolumeFiles {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss.SSSSSSSSS");

	private VolumeFiles() {
	}

	/**
	 * Write a volume's files.
	 * @param directory the volume's directory (created if missing)
	 * @param files the files by relative path, with content and mode
	 * @param fsGroup the group that owns the files, or {@code null}
	 */
	static void write(Path directory, Map<String, File> files, @Nullable Long fsGroup) {
		try {
			Files.createDirectories(directory);
			Path data = directory.resolve(".." + LocalDateTime.now().format(TIMESTAMP));
			Files.createDirectories(data);
			Set<String> topLevel = new LinkedHashSet<>();
			for (Map.Entry<String, File> entry : files.entrySet()) {
				Path file = data.resolve(entry.getKey()).normalize();
				if (!file.startsWith(data)) {
					throw new IllegalArgumentException("Volume path " + entry.getKey() + " leaves the volume");
				}
				Files.createDirectories(file.getParent());
				Files.write(file, entry.getValue().content());
				int mode = entry.getValue().mode();
				if (fsGroup != null) {
					mode |= 0440;
					chgrp(file, fsGroup);
				}
				Files.setPosixFilePermissions(file, permissions(mode));
				if (entry.getValue().owner() != null) {
					chown(file, entry.getValue().owner());
				}
				topLevel.add(Path.of(entry.getKey()).normalize().getName(0).toString());
			}
			Files.setPosixFilePermissions(data, permissions(0755));
			Path link = directory.resolve("..data_tmp");
			Files.deleteIfExists(link);
			Files.createSymbolicLink(link, data.getFileName());
			Files.move(link, directory.resolve("..data"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
					java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			for (String name : topLevel) {
				Path entry = directory.resolve(name);
				if (!Files.isSymbolicLink(entry)) {
					Files.createSymbolicLink(entry, Path.of("..data", name));
				}
			}
			if (fsGroup != null) {
				chgrp(directory, fsGroup);
			}
			Files.setPosixFilePermissions(directory, permissions(0755));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write volume files in " + directory, ex);
		}
	}

	static void chgrp(Path path, long gid) throws IOException {
		Files.setAttribute(path, "unix:gid", (int) gid);
	}

	static void chown(Path path, long uid) throws IOException {
		Files.setAttribute(path, "unix:uid", (int) uid);
	}

	static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		PosixFilePermission[] order = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_READ };
		for (int bit = 0; bit < order.length; bit++) {
			if ((mode & (1 << bit)) != 0) {
				permissions.add(order[bit]);
			}
		}
		return permissions;
	}

	/**
	 * One file of a volume.
	 *
	 * @param content its bytes
	 * @param mode its permission bits
	 * @param owner the uid that owns it, or {@code null} for the agent's
	 */
	record File(byte[] content, int mode, @Nullable Long owner) {

		File(byte[] content, int mode) {
			this(content, mode, null);
		}

	}

}
