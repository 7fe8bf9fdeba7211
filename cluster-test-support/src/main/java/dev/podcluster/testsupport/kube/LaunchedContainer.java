package dev.podcluster.testsupport.kube;

import java.nio.file.Path;
import java.util.List;

/**
 * One run of a container: its process and what it runs in.
 *
 * @param process the process (the container's shell, then its command)
 * @param script what sets up its namespaces and mounts (probes and hooks exec in them)
 * @param directory its run's directory (the set-up marker lives there)
 * @param log the file its output goes to
 * @param restartCount the restart count of this run
 * @param imageId the image ID reported for it
 * @param command its command line
 */
record LaunchedContainer(Process process, ContainerScript script, Path directory, Path log, int restartCount,
		String imageId, List<String> command) {

}
