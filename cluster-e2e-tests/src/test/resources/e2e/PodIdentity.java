import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.TreeMap;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in container for checking the pod emulation (run with `java PodIdentity.java`): serves, on
 * port 8080, what Java inside the pod sees: /identity (host names, environment), /resolve?NAME (A records
 * through the JVM resolver and so the pod's resolv.conf) and /srv?NAME (SRV records through JNDI DNS,
 * which reads the same resolv.conf).
 */
public class PodIdentity {

	public static void main(String[] args) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
		server.createContext("/identity", (exchange) -> answer(exchange, PodIdentity::identity));
		server.createContext("/resolve", (exchange) -> answer(exchange, () -> resolve(exchange.getRequestURI().getQuery())));
		server.createContext("/srv", (exchange) -> answer(exchange, () -> srv(exchange.getRequestURI().getQuery())));
		server.start();
		System.out.println("PodIdentity serving on 8080");
	}

	private static String identity() throws IOException {
		InetAddress local = InetAddress.getLocalHost();
		StringBuilder text = new StringBuilder();
		text.append("hostName=").append(local.getHostName()).append('\n');
		text.append("canonicalHostName=").append(local.getCanonicalHostName()).append('\n');
		text.append("address=").append(local.getHostAddress()).append('\n');
		new TreeMap<>(System.getenv()).forEach((name, value) -> text.append("env.").append(name).append('=').append(value).append('\n'));
		return text.toString();
	}

	private static String resolve(String name) throws IOException {
		StringBuilder text = new StringBuilder();
		for (InetAddress address : InetAddress.getAllByName(name)) {
			text.append(address.getHostAddress()).append('\n');
		}
		return text.toString();
	}

	private static String srv(String name) throws IOException {
		Hashtable<String, String> environment = new Hashtable<>();
		environment.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
		environment.put("java.naming.provider.url", "dns:");
		try {
			Attribute records = new InitialDirContext(environment).getAttributes(name, new String[] { "SRV" }).get("SRV");
			StringBuilder text = new StringBuilder();
			if (records != null) {
				NamingEnumeration<?> all = records.getAll();
				while (all.hasMore()) {
					text.append(all.next()).append('\n');
				}
			}
			return text.toString();
		}
		catch (NamingException ex) {
			throw new IOException(ex);
		}
	}

	private static void answer(HttpExchange exchange, Callable body) throws IOException {
		byte[] bytes;
		int status = 200;
		try {
			bytes = body.call().getBytes(StandardCharsets.UTF_8);
		}
		catch (IOException | RuntimeException ex) {
			status = 500;
			bytes = ex.toString().getBytes(StandardCharsets.UTF_8);
		}
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	interface Callable {

		String call() throws IOException;

	}

}
