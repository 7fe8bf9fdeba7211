package dev.podcluster.discovery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * A resolver that asks one server and writes down every question it sends, as
 * {@code SRV name} or {@code A name}.
 */
final class QueryCountingResolver implements Resolver {

	private final SimpleResolver delegate;

	private final List<String> questions = new CopyOnWriteArrayList<>();

	QueryCountingResolver(InetSocketAddress server, Duration timeout) {
		this.delegate = new SimpleResolver(server);
		this.delegate.setTimeout(timeout);
	}

	List<String> questions() {
		return List.copyOf(this.questions);
	}

	void reset() {
		this.questions.clear();
	}

	@Override
	public CompletionStage<Message> sendAsync(Message query) {
		record(query);
		return this.delegate.sendAsync(query);
	}

	@Override
	public CompletionStage<Message> sendAsync(Message query, Executor executor) {
		record(query);
		return this.delegate.sendAsync(query, executor);
	}

	private void record(Message query) {
		this.questions.add(Type.string(query.getQuestion().getType()) + " " + query.getQuestion().getName());
	}

	@Override
	public void setPort(int port) {
		this.delegate.setPort(port);
	}

	@Override
	public void setTCP(boolean flag) {
		this.delegate.setTCP(flag);
	}

	@Override
	public void setIgnoreTruncation(boolean flag) {
		this.delegate.setIgnoreTruncation(flag);
	}

	@Override
	public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
		this.delegate.setEDNS(version, payloadSize, flags, options);
	}

	@Override
	public void setTSIGKey(TSIG key) {
		this.delegate.setTSIGKey(key);
	}

	@Override
	public void setTimeout(Duration timeout) {
		this.delegate.setTimeout(timeout);
	}

	@Override
	public Duration getTimeout() {
		return this.delegate.getTimeout();
	}

}
