package dev.podcluster.discovery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xbill.DNS.Message;
import org.xbill.DNS.Type;
import org.xbill.DNS.io.DefaultIoClientFactory;
import org.xbill.DNS.io.IoClientFactory;
import org.xbill.DNS.io.TcpIoClient;
import org.xbill.DNS.io.UdpIoClient;

/**
 * dnsjava's own UDP and TCP transport, writing down every query it puts on the wire, as
 * {@code SRV name} (UDP) or {@code SRV name over TCP}: dnsjava's retries over TCP
 * included.
 */
final class QueryCountingTransport implements IoClientFactory {

	private final IoClientFactory delegate = new DefaultIoClientFactory();

	private final List<String> queries = new CopyOnWriteArrayList<>();

	List<String> queries() {
		return List.copyOf(this.queries);
	}

	void reset() {
		this.queries.clear();
	}

	@Override
	public TcpIoClient createOrGetTcpClient() {
		TcpIoClient tcp = this.delegate.createOrGetTcpClient();
		return (local, remote, query, data, timeout) -> {
			record(query, " over TCP");
			return tcp.sendAndReceiveTcp(local, remote, query, data, timeout);
		};
	}

	@Override
	public UdpIoClient createOrGetUdpClient() {
		UdpIoClient udp = this.delegate.createOrGetUdpClient();
		return (local, remote, query, data, max, timeout) -> {
			record(query, "");
			return udp.sendAndReceiveUdp(local, remote, query, data, max, timeout);
		};
	}

	private void record(Message query, String transport) {
		this.queries.add(Type.string(query.getQuestion().getType()) + " " + query.getQuestion().getName() + transport);
	}

}
