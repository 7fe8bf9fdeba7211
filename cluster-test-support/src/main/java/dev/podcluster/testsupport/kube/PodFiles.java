package dev.podcluster.testsupport.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The removal of a pod's (or a container run's) directory, which never follows a mount.
 */
final class PodFiles {

	private static final Logger logger = LoggerFactory.getLogger(PodFiles.class);

	private PodFiles() {
	}

	static void deleteRecursively(Path directory) {
		if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (HostMounts.anyUnder(directory)) {
			// Never walk into a mount (a container root seen from here would be the
			// host's whole tree).
			logger.warn("Not removing {}: something is mounted under it", directory);
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					// A mount point still busy in a dying mount namespace: left for the
					// next run.
				}
			});
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not remove {}", directory, ex);
		}
	}

}
