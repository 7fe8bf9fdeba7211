package dev.podcluster.testsupport.pod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's network: its own network namespace, attached to the bridge by a veth pair, with
 * its own IP and the {@code /etc/hosts} and {@code /etc/resolv.conf} that
 * {@code ip netns exec} mounts over the host's.
 */
final class PodSandbox {

	private final String netns;

	private final String hostVeth;

	private final String ip;

	PodSandbox(String netns, String hostVeth, String ip) {
		this.netns = netns;
		this.hostVeth = hostVeth;
		this.ip = ip;
	}

	String netns() {
		return this.netns;
	}

	String ip() {
		return this.ip;
	}

	String hostVeth() {
		return this.hostVeth;
	}

	/**
	 * Directory whose files {@code ip netns exec} bind-mounts over the same names in
	 * {@code /etc}.
	 */
	Path etcDirectory() {
		return Path.of("/etc/netns", this.netns);
	}

	void writeEtc(String hosts, String resolvConf) {
		try {
			Files.createDirectories(etcDirectory());
			Files.writeString(etcDirectory().resolve("hosts"), hosts);
			Files.writeString(etcDirectory().resolve("resolv.conf"), resolvConf);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + etcDirectory(), ex);
		}
	}

	/**
	 * Run a command inside the pod's network namespace (and with its /etc files), bounded
	 * in time.
	 * @param command the command
	 * @return its status and output
	 */
	HostCommand.Result exec(String... command) {
		List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", this.netns));
		full.addAll(List.of(command));
		return new HostCommand(full).runQuietly();
	}

	/**
	 * Take the pod's link down on the bridge side: its packets and those sent to it are
	 * silently dropped, as for a pod whose node vanished (no TCP reset, no ICMP from the
	 * pod).
	 */
	void cut() {
		HostCommand.of("ip", "link", "set", "dev", this.hostVeth, "down").run();
	}

	/** Bring the pod's link back up. */
	void restore() {
		HostCommand.of("ip", "link", "set", "dev", this.hostVeth, "up").run();
	}

	@Override
	public String toString() {
		return this.netns + "(" + this.ip + ")";
	}

}
