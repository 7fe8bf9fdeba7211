package dev.podcluster.testsupport.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mount points of the agent's own mount namespace.
 */
final class HostMounts {

	private HostMounts() {
	}

	/**
	 * Whether anything is mounted at or under a directory.
	 * @param directory the directory
	 * @return {@code true} also when the mount table cannot be read
	 */
	static boolean anyUnder(Path directory) {
		String prefix = directory.toAbsolutePath().normalize().toString();
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
				String[] fields = line.split(" ");
				if (fields.length > 4) {
					String mountPoint = fields[4].replace("\\040", " ");
					if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
						return true;
					}
				}
			}
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

}
