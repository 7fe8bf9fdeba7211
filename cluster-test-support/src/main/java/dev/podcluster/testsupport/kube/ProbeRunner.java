package dev.podcluster.testsupport.kube;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import org.jspecify.annotations.Nullable;

/**
 * Runs probe and lifecycle hook actions as kubelet does: HTTP GET from the host to the
 * pod IP (2xx and 3xx pass), a TCP connect, or a command inside the container's
 * namespaces as its user.
 */
final class ProbeRunner {

	private final String userAgent;

	ProbeRunner(String kubernetesVersion) {
		String version = kubernetesVersion.startsWith("v") ? kubernetesVersion.substring(1) : kubernetesVersion;
		String[] parts = version.split("\\.");
		this.userAgent = "kube-probe/" + ((parts.length >= 2) ? parts[0] + "." + parts[1] : version);
	}

	/**
	 * Run an HTTP GET.
	 * @param action the action
	 * @param podIp the pod's IP, the host unless the action names one
	 * @param ports the container's ports, for named ports
	 * @param timeout the time limit
	 * @return the result
	 */
	Result httpGet(HTTPGetAction action, String podIp, @Nullable List<ContainerPort> ports, Duration timeout) {
		String scheme = (action.getScheme() != null) ? action.getScheme() : "HTTP";
		if (!scheme.equalsIgnoreCase("HTTP")) {
			return new Result(false, "HTTPS probes are not supported by kube-bed");
		}
		String host = (action.getHost() != null && !action.getHost().isEmpty()) ? action.getHost() : podIp;
		int port;
		try {
			port = port(action.getPort(), ports);
		}
		catch (IllegalArgumentException ex) {
			return new Result(false, ex.getMessage());
		}
		String path = (action.getPath() != null && !action.getPath().isEmpty()) ? action.getPath() : "/";
		if (!path.startsWith("/")) {
			path = "/" + path;
		}
		try (Socket socket = new Socket()) {
			long deadline = System.nanoTime() + timeout.toNanos();
			socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
			socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
			boolean hostHeader = false;
			boolean userAgentHeader = false;
			boolean acceptHeader = false;
			if (action.getHttpHeaders() != null) {
				for (HTTPHeader header : action.getHttpHeaders()) {
					hostHeader |= header.getName().equalsIgnoreCase("Host");
					userAgentHeader |= header.getName().equalsIgnoreCase("User-Agent");
					acceptHeader |= header.getName().equalsIgnoreCase("Accept");
					request.append(header.getName()).append(": ").append(header.getValue()).append("\r\n");
				}
			}
			if (!hostHeader) {
				request.append("Host: ").append(host).append(':').append(port).append("\r\n");
			}
			if (!userAgentHeader) {
				request.append("User-Agent: ").append(this.userAgent).append("\r\n");
			}
			if (!acceptHeader) {
				request.append("Accept: */*\r\n");
			}
			request.append("Connection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			String status = in.readLine();
			if (status == null) {
				return new Result(false, "Get \"http://" + host + ":" + port + path + "\": EOF");
			}
			String[] parts = status.split(" ", 3);
			int code = Integer.parseInt(parts[1]);
			if (code >= 200 && code < 400) {
				return new Result(true, "HTTP probe succeeded with statuscode: " + code);
			}
			return new Result(false, "HTTP probe failed with statuscode: " + code);
		}
		catch (IOException | RuntimeException ex) {
			return new Result(false, "Get \"http://" + host + ":" + port + path + "\": " + ex.getMessage());
		}
	}

	/**
	 * Open a TCP connection.
	 * @param action the action
	 * @param podIp the pod's IP
	 * @param ports the container's ports, for named ports
	 * @param timeout the time limit
	 * @return the result
	 */
	Result tcpSocket(TCPSocketAction action, String podIp, @Nullable List<ContainerPort> ports, Duration timeout) {
		String host = (action.getHost() != null && !action.getHost().isEmpty()) ? action.getHost() : podIp;
		try (Socket socket = new Socket()) {
			int port = port(action.getPort(), ports);
			socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
			return new Result(true, "");
		}
		catch (IOException | IllegalArgumentException ex) {
			return new Result(false, "dial tcp " + host + ": " + ex.getMessage());
		}
	}

	/**
	 * Run a command inside a container.
	 * @param action the action
	 * @param script the container's launch script, which knows its user and environment
	 * @param pid the container's process
	 * @param timeout the time limit
	 * @return the result: passed when the command exits with status 0
	 */
	Result exec(ExecAction action, ContainerScript script, long pid, Duration timeout) {
		List<String> command = script.execInside(pid, (action.getCommand() != null) ? action.getCommand() : List.of());
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
			builder.environment().clear();
			builder.environment().put("PATH", ContainerScript.HOST_PATH);
			Process process = builder.start();
			byte[] output = new byte[0];
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
				return new Result(false, "command timed out after " + timeout.toSeconds() + "s");
			}
			output = process.getInputStream().readNBytes(10 * 1024);
			String text = new String(output, StandardCharsets.UTF_8);
			return new Result(process.exitValue() == 0,
					(process.exitValue() == 0) ? text : "command exited with " + process.exitValue() + ": " + text);
		}
		catch (IOException ex) {
			return new Result(false, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(false, "interrupted");
		}
	}

	static int port(IntOrString port, @Nullable List<ContainerPort> ports) {
		if (port == null) {
			throw new IllegalArgumentException("no port");
		}
		if (port.getIntVal() != null) {
			return port.getIntVal();
		}
		String name = port.getStrVal();
		if (name.matches("\\d+")) {
			return Integer.parseInt(name);
		}
		if (ports != null) {
			for (ContainerPort candidate : ports) {
				if (name.equals(candidate.getName())) {
					return candidate.getContainerPort();
				}
			}
		}
		throw new IllegalArgumentException("couldn't find port: " + name);
	}

	/**
	 * What a probe or hook did.
	 *
	 * @param success whether it passed
	 * @param message what it said
	 */
	record Result(boolean success, String message) {
	}

}
